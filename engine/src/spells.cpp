#include "spells.hpp"

#include <algorithm>
#include <limits>

namespace sift::engine {

using rules::Date;

namespace {

// A spell of employment as days [start, end), clipped to the as-of date.
struct Spell {
  std::int32_t start;
  std::int32_t end;
};

using Spells = boost::container::small_vector<Spell, 16>;

// A partial date ("2015-07") allows many spells: the shortest starts as late and ends as early
// as it may, the longest the other way. Years of service and gaps are bounded by the two.
enum class Extent { shortest, longest };

bool known(GivenDate date) {
  return date.state == GivenDate::State::known;
}

// The days [start, end) of a spell with a known start and a known or no (`none`: open) end at
// an extent, clipped to the as-of date; a spell that ends before it starts, or starts after the
// as-of date, has none (nullopt). A spell whose end date is its start date under `end date
// excluded` is a single point: no days, but it still closes a gap. `partial` is set when a date
// is partial.
std::optional<Spell> spell_of(Date start, GivenDate end, bool end_excluded, Date as_of,
                              Extent extent, bool& partial) {
  bool const longest = extent == Extent::longest;
  bool const open = !known(end);
  partial = partial || start.partial() || (!open && end.date.partial());
  std::int32_t const from = longest ? start.days : start.last();
  std::int32_t to = as_of.days;  // an open spell runs to the as-of date
  if (!open) {
    std::int32_t const last = longest ? end.date.last() : end.date.days;
    to = std::min(last + (end_excluded ? 0 : 1), as_of.days);
  }
  if (to > from || (to == from && from < as_of.days)) return Spell{from, to};
  return std::nullopt;
}

// Adds the spells of kept records; false when a record or a date it needs is missing.
bool add_spells(SpellRecords const& records, bool end_excluded, Date as_of, Extent extent,
                Spells& spells, bool& partial) {
  for (auto const& record : records) {
    if (record.missing || !known(record.start) || record.end.state == GivenDate::State::unknown)
      return false;
    if (auto const spell =
            spell_of(record.start.date, record.end, end_excluded, as_of, extent, partial))
      spells.push_back(*spell);
  }
  return true;
}

std::int32_t covered_days(Spells const& merged_spells) {
  std::int32_t days = 0;
  for (auto const& spell : merged_spells)
    days += spell.end - spell.start;
  return days;
}

// Spells merged where they overlap or touch, in date order (in place).
Spells& merged(Spells& spells) {
  std::sort(spells.begin(), spells.end(), [](Spell a, Spell b) {
    return a.start < b.start || (a.start == b.start && a.end < b.end);
  });
  std::size_t kept = 0;  // spells[0, kept) are merged; the rest are still to be read
  for (std::size_t i = 0; i < spells.size(); ++i) {
    if (kept > 0 && spells[i].start <= spells[kept - 1].end)
      spells[kept - 1].end = std::max(spells[kept - 1].end, spells[i].end);
    else
      spells[kept++] = spells[i];
  }
  spells.resize(kept);
  return spells;
}

// The longest time between merged spells and, unless only gaps between spells count, since the
// last one ended, in days.
std::int32_t longest_gap_days(Spells const& spells, Date as_of, bool between_spells) {
  std::int32_t longest = 0;
  for (std::size_t i = 1; i < spells.size(); ++i)
    longest = std::max(longest, spells[i].start - spells[i - 1].end);
  if (between_spells) return longest;
  return std::max(longest, as_of.days - spells.back().end);
}

}  // namespace

Truth compare_bounds(rules::Op op, Bounds l, Bounds r) {
  auto const decide = [](bool always, bool never) {
    return always ? Truth::yes : never ? Truth::no : Truth::unknown;
  };
  switch (op) {
    case rules::Op::less:
      return decide(l.high < r.low, l.low >= r.high);
    case rules::Op::less_equal:
      return decide(l.high <= r.low, l.low > r.high);
    case rules::Op::greater:
      return decide(l.low > r.high, l.high <= r.low);
    case rules::Op::greater_equal:
      return decide(l.low >= r.high, l.high < r.low);
    case rules::Op::equal:
      return decide(l.low == l.high && r.low == r.high && l.low == r.low,
                    l.high < r.low || r.high < l.low);
    case rules::Op::not_equal:
      return decide(l.high < r.low || r.high < l.low,
                    l.low == l.high && r.low == r.high && l.low == r.low);
    default:
      return Truth::unknown;
  }
}

SpellReading reading_of(rules::Node const& n, bool breaks) {
  return breaks ? SpellReading{n.b_start_member, n.b_end_member, n.end_excluded}
                : SpellReading{n.start_member, n.end_member, n.end_excluded};
}

bool keep_counted(SpellRecords& records) {
  if (std::any_of(records.begin(), records.end(),
                  [](SpellRecord const& r) { return r.counts == Truth::unknown; }))
    return false;
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](SpellRecord const& r) { return r.counts == Truth::no; }),
                records.end());
  return true;
}

Bounds years_bounds(SpellRecords const* records, bool end_excluded, Date as_of, bool* dates_only) {
  constexpr double unlimited = std::numeric_limits<double>::infinity();
  if (!records) return Bounds{0, unlimited};
  Spells least;
  Spells most;
  bool partial = false;
  bool uncertain = false;
  bool unbounded = false;
  GivenDate const open{GivenDate::State::none, {}};  // the longest a spell whose end is missing
  for (auto const& record : *records) {
    if (record.counts == Truth::no) continue;
    bool const certain = record.counts == Truth::yes;
    if (record.missing || !known(record.start)) {
      unbounded = true;  // it may have begun at any time
      continue;
    }
    bool const end_unknown = record.end.state == GivenDate::State::unknown;
    uncertain = uncertain || !certain || end_unknown;
    GivenDate const longest_end = end_unknown ? open : record.end;  // it may still be going on
    if (auto const spell =
            spell_of(record.start.date, longest_end, end_excluded, as_of, Extent::longest, partial))
      most.push_back(*spell);
    if (!certain || end_unknown) continue;
    if (auto const spell =
            spell_of(record.start.date, record.end, end_excluded, as_of, Extent::shortest, partial))
      least.push_back(*spell);
  }
  double const low = covered_days(merged(least)) / rules::days_per_year;
  if (unbounded) return Bounds{low, unlimited};
  if (!partial && !uncertain) return Bounds{low, low};  // exact: the two lists are the same
  if (dates_only) *dates_only = !uncertain;
  return Bounds{low, covered_days(merged(most)) / rules::days_per_year};
}

std::optional<Bounds> gap_bounds(SpellRecords const* spells, bool has_breaks,
                                 SpellRecords const* breaks, bool end_excluded, Date as_of,
                                 bool between_spells, bool* breaks_unknown) {
  if (!spells) return std::nullopt;
  // The gap is longest when every spell is as short as its dates allow, and shortest when they
  // are as long. Explained breaks can only close gaps: when they are not known, the longest
  // unexplained gap is anything from none to the gap between the spells alone.
  bool partial = false;
  bool breaks_known = true;
  auto const unexplained = [&](Extent extent) -> std::optional<double> {
    Spells covered;
    if (!add_spells(*spells, end_excluded, as_of, extent, covered, partial)) return std::nullopt;
    if (covered.empty()) {  // no spells: no gap between any, and no end to count time since
      if (between_spells) return 0.0;
      return std::nullopt;
    }
    auto const employed = covered.size();
    breaks_known = !has_breaks ||
                   (breaks && add_spells(*breaks, end_excluded, as_of, extent, covered, partial));
    if (!breaks_known) covered.resize(employed);  // the spells alone
    return longest_gap_days(merged(covered), as_of, between_spells);
  };
  auto const most = unexplained(Extent::shortest);
  if (!most) return std::nullopt;
  if (breaks_unknown) *breaks_unknown = !breaks_known;
  if (!breaks_known) return Bounds{0, *most};
  if (!partial) return Bounds{*most, *most};  // exact dates: one answer
  auto const least = unexplained(Extent::longest);
  return Bounds{*least, *most};
}

}  // namespace sift::engine
