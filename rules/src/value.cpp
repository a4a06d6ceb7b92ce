#include "sift/rules/value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sift::rules {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  int const era = (y >= 0 ? y : y - 399) / 400;
  unsigned const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int32_t z) {
  z += 719468;
  int const era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int const y = static_cast<int>(yoe) + era * 400;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  unsigned const d = doy - (153 * mp + 2) / 5 + 1;
  unsigned const m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : lengths[month - 1];
}

std::size_t kind_rank(Value const& v) {
  return v.data.index();
}

}  // namespace

Date make_date(int year, unsigned month, unsigned day) {
  return Date{days_from_civil(year, month, day)};
}

namespace {

std::int32_t add_months(std::int32_t days, int months) {
  auto const c = civil_from_days(days);
  int const index = c.year * 12 + static_cast<int>(c.month) - 1 + months;
  int const year = index >= 0 ? index / 12 : (index - 11) / 12;
  auto const month = static_cast<unsigned>(index - year * 12 + 1);
  return days_from_civil(year, month, std::min(c.day, days_in_month(year, month)));
}

}  // namespace

Date add_calendar_months(Date date, int months) {
  std::int32_t const first = add_months(date.days, months);
  return Date{first, add_months(date.last(), months) - first};
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count) -> int {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  int const year = digits(0, 4);
  int const month = digits(5, 2);
  int const day = digits(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)))
    return std::nullopt;
  return make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<Date> parse_partial_date(std::string_view text) {
  if (text.size() == 10) return parse_date(text);
  if (text.size() != 4 && !(text.size() == 7 && text[4] == '-')) return std::nullopt;
  auto const first =
      parse_date(text.size() == 4 ? fmt::format("{}-01-01", text) : fmt::format("{}-01", text));
  if (!first) return std::nullopt;
  auto const c = civil_from_days(first->days);
  Date const next = text.size() == 4 ? make_date(c.year + 1, 1, 1)
                    : c.month == 12  ? make_date(c.year + 1, 1, 1)
                                     : make_date(c.year, c.month + 1, 1);
  return Date{first->days, next.days - 1 - first->days};
}

std::string format_date(Date date) {
  auto const c = civil_from_days(date.days);
  if (date.partial()) {
    auto const end = civil_from_days(date.last());
    if (c.day == 1 && c.month == 1 && end.month == 12 && end.day == 31 && end.year == c.year)
      return fmt::format("{:04}", c.year);
    if (c.day == 1 && end.year == c.year && end.month == c.month)
      return fmt::format("{:04}-{:02}", c.year, c.month);
    return fmt::format("{:04}-{:02}-{:02} to {}", c.year, c.month, c.day,
                       format_date(Date{date.last(), 0}));
  }
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

bool value_less(Value const& a, Value const& b) {
  if (a.data.index() != b.data.index()) return kind_rank(a) < kind_rank(b);
  return std::visit(
      [&](auto const& left) -> bool {
        using T = std::decay_t<decltype(left)>;
        auto const& right = std::get<T>(b.data);
        if constexpr (std::is_same_v<T, Unknown> || std::is_same_v<T, None>) {
          return false;
        } else if constexpr (std::is_same_v<T, Items>) {
          return std::lexicographical_compare(left.begin(), left.end(), right.begin(), right.end(),
                                              value_less);
        } else {
          return left < right;
        }
      },
      a.data);
}

void normalise_set(Items& items) {
  std::sort(items.begin(), items.end(), value_less);
  // Known values repeat only once; every missing one stays, since each may be a different
  // value (a set's size lies between its known values and all of its elements).
  items.erase(std::unique(items.begin(), items.end(),
                          [](Value const& a, Value const& b) { return a == b && !a.is_missing(); }),
              items.end());
}

std::string format_number(double number) {
  if (std::isfinite(number) && std::nearbyint(number) == number && std::fabs(number) < 1e15)
    return fmt::format("{}", static_cast<long long>(number));
  auto text = fmt::format("{:.2f}", number);
  while (!text.empty() && text.back() == '0')
    text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string format_duration(Duration duration) {
  double const days = duration.days;
  if (std::fabs(days) < 62) return format_number(std::round(days)) + " days";
  double const months = days / days_per_month;
  if (std::fabs(months) < 24) return format_number(std::round(months * 10) / 10) + " months";
  return format_number(std::round(days / days_per_year * 10) / 10) + " years";
}

namespace {

// A number with `decimals` places, trailing zeros dropped.
std::string with_decimals(double number, int decimals) {
  auto text = fmt::format("{:.{}f}", number, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0')
      text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

int side(double value, double boundary) {
  return value < boundary ? -1 : value > boundary ? 1 : 0;
}

// The shown form and the amount it stands for, at the given precision (in the boundary's unit).
struct Shown {
  std::string text;
  double amount;
};

// Adds decimals until what is shown is on the value's side of the boundary (at most 12).
template <class Show>
std::string on_the_same_side(double value, double boundary, int decimals, Show show) {
  Shown shown = show(decimals);
  while (side(shown.amount, boundary) != side(value, boundary) && decimals < 12)
    shown = show(++decimals);
  return shown.text;
}

}  // namespace

void append_display_against(std::string& out, Value const& value, Type const& type,
                            Value const& boundary) {
  if (auto const* number = std::get_if<double>(&value.data);
      number && std::holds_alternative<double>(boundary.data)) {
    out += on_the_same_side(*number, boundary.number(), 2, [&](int decimals) {
      auto text = with_decimals(*number, decimals);
      return Shown{text, std::stod(text)};
    });
    return;
  }
  if (auto const* duration = std::get_if<Duration>(&value.data);
      duration && std::holds_alternative<Duration>(boundary.data)) {
    double const days = duration->days;
    // The unit format_duration would choose, and its precision: days whole, months and years
    // to a tenth.
    double const unit = std::fabs(days) < 62                    ? 1.0
                        : std::fabs(days / days_per_month) < 24 ? days_per_month
                                                                : days_per_year;
    char const* name = unit == 1.0 ? " days" : unit == days_per_month ? " months" : " years";
    out += on_the_same_side(days, boundary.duration().days, unit == 1.0 ? 0 : 1, [&](int decimals) {
      auto text = with_decimals(days / unit, decimals);
      return Shown{text + name, std::stod(text) * unit};
    });
    return;
  }
  append_display(out, value, type);
}

void append_display(std::string& out, Value const& value, Type const& type) {
  std::visit(
      [&](auto const& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Unknown>) {
          out += "missing";
        } else if constexpr (std::is_same_v<T, None>) {
          out += "none";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          out += format_number(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (type.kind == TypeKind::text) {
            out += v;
          } else {
            out += '"';
            out += v;
            out += '"';
          }
        } else if constexpr (std::is_same_v<T, Date>) {
          out += format_date(v);
        } else if constexpr (std::is_same_v<T, Duration>) {
          out += format_duration(v);
        } else if (type.kind == TypeKind::record) {
          out += '{';
          for (std::size_t i = 0; i < v.size() && i < type.members.size(); ++i) {
            if (i) out += ", ";
            out += type.members[i].name;
            out += ": ";
            append_display(out, v[i], type.members[i].type);
          }
          out += '}';
        } else {
          static Type const any = scalar(TypeKind::any);
          Type const& element = type.is_collection() ? type.element_type() : any;
          out += '[';
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out += ", ";
            append_display(out, v[i], element);
          }
          out += ']';
        }
      },
      value.data);
}

}  // namespace sift::rules
