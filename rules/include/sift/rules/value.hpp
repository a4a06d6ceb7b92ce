// Run-time values of the rules language, the calendar arithmetic behind dates and durations, and
// how values are written for people (in evidence and explanations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sift/rules/types.hpp"

namespace sift::rules {

// Days since 1970-01-01 in the proleptic Gregorian calendar. Applications often give a date
// only to the month or the year ("2015-07", "2015"): such a partial date is known only to lie
// between `days` and `days + span`, and a rule that depends on where is unknown.
struct Date {
  std::int32_t days = 0;
  std::int32_t span = 0;  // 0: the day itself
  std::int32_t last() const { return days + span; }
  bool partial() const { return span > 0; }
  friend auto operator<=>(Date, Date) = default;
};

// A length of time in days. Months and years are average calendar lengths
// (365.2425 / 12 and 365.2425 days), as documented in docs/rules-language.md.
struct Duration {
  double days = 0;
  friend auto operator<=>(Duration, Duration) = default;
};

inline constexpr double days_per_year = 365.2425;
inline constexpr double days_per_month = days_per_year / 12.0;

struct Unknown {
  friend bool operator==(Unknown, Unknown) = default;
};
struct None {
  friend bool operator==(None, None) = default;
};

struct Value;
using Items = std::vector<Value>;  // a list, a set (sorted, no repeats) or a record's members

struct Value {
  std::variant<Unknown, None, bool, double, std::string, Date, Duration, Items> data;

  bool is_unknown() const { return std::holds_alternative<Unknown>(data); }
  bool is_none() const { return std::holds_alternative<None>(data); }
  bool is_missing() const { return is_unknown() || is_none(); }
  bool boolean() const { return std::get<bool>(data); }
  double number() const { return std::get<double>(data); }
  std::string const& text() const { return std::get<std::string>(data); }
  Date date() const { return std::get<Date>(data); }
  Duration duration() const { return std::get<Duration>(data); }
  Items const& items() const { return std::get<Items>(data); }

  friend bool operator==(Value const&, Value const&) = default;
};

// A total order over values of one type (used to keep sets sorted and to compare them).
bool value_less(Value const& a, Value const& b);

// Sorts and removes repeats, turning a list's items into a set's.
void normalise_set(Items& items);

std::optional<Date> parse_date(std::string_view text);  // YYYY-MM-DD, a real calendar date
// YYYY-MM-DD, or a partial date: YYYY-MM (the month) or YYYY (the year).
std::optional<Date> parse_partial_date(std::string_view text);
std::string format_date(Date date);  // YYYY-MM-DD, YYYY-MM or YYYY
Date make_date(int year, unsigned month, unsigned day);
// The same day `months` calendar months later (or earlier), or the month's last day when it has
// no such day: 2024-01-31 + 1 month is 2024-02-29. A partial date moves both its ends.
Date add_calendar_months(Date date, int months);

// Appends a value as a person reads it: `true`, `4.5`, `2026-03-14`, `4 months`, `[KS3, KS4]`.
// Appends rather than returns: evidence lines are built from many values per applicant.
void append_display(std::string& out, Value const& value, Type const& type);
// The same, for a number or duration compared with a fixed `boundary`: with just enough more
// precision that the value shown stands on the same side of the boundary as the value itself,
// so evidence never shows "2, needs >= 2" for 1.9987, or "3 months" for 92 days against
// "needs <= 3 months". Other values are shown as append_display shows them.
void append_display_against(std::string& out, Value const& value, Type const& type,
                            Value const& boundary);
std::string format_number(double number);
std::string format_duration(Duration duration);

}  // namespace sift::rules
