// The words of a screening, and their one spelling. Stages, outcomes, verdicts, flag states and
// the panel's decisions stay enums from evaluation to rendering: only `to_string` turns them into
// text (stored rows, explanations, reports), and only the `parse_*` functions read that text
// back. Header-only, so that storage can name these words without linking evaluation.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace sift::engine {

// The panel's agreed score after moderation is kept as a score by this name (which no assessor
// can take): it replaces the combination of the individual scores, shown beside it.
inline constexpr std::string_view agreed_by_panel = "(agreed by the panel)";

// A run assesses the criteria whose evidence is available at its stage.
enum class Stage { sift };

// A criterion's outcome for one applicant (three-valued, plus not assessed at this stage).
enum class Outcome { met, not_met, unknown, not_assessed };

enum class Verdict { excluded, needs_review, eligible, shortlisted };

// A flag is reported when raised, or when it could not be checked (its evidence is missing).
enum class FlagState { raised, unknown };

// What the panel decided over the engine's proposal.
enum class DecisionKind { shortlist, reject, hold };

namespace spelling {

template <class Enum, std::size_t N>
using Words = std::array<std::pair<Enum, char const*>, N>;

inline constexpr Words<Stage, 1> stages{{{Stage::sift, "sift"}}};
inline constexpr Words<Outcome, 4> outcomes{{{Outcome::met, "met"},
                                             {Outcome::not_met, "not met"},
                                             {Outcome::unknown, "unknown"},
                                             {Outcome::not_assessed, "not assessed"}}};
inline constexpr Words<Verdict, 4> verdicts{{{Verdict::excluded, "excluded"},
                                             {Verdict::needs_review, "needs review"},
                                             {Verdict::eligible, "eligible"},
                                             {Verdict::shortlisted, "shortlisted"}}};
inline constexpr Words<FlagState, 2> flag_states{
    {{FlagState::raised, "raised"}, {FlagState::unknown, "unknown"}}};
inline constexpr Words<DecisionKind, 3> decisions{{{DecisionKind::shortlist, "shortlist"},
                                                   {DecisionKind::reject, "reject"},
                                                   {DecisionKind::hold, "hold"}}};

template <class Enum, std::size_t N>
constexpr char const* word(Words<Enum, N> const& words, Enum value) {
  for (auto const& [e, text] : words)
    if (e == value) return text;
  return "";
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> parse(Words<Enum, N> const& words, std::string_view text) {
  for (auto const& [e, spelt] : words)
    if (text == spelt) return e;
  return std::nullopt;
}

}  // namespace spelling

constexpr char const* to_string(Stage v) {
  return spelling::word(spelling::stages, v);
}
constexpr char const* to_string(Outcome v) {
  return spelling::word(spelling::outcomes, v);
}
constexpr char const* to_string(Verdict v) {
  return spelling::word(spelling::verdicts, v);
}
constexpr char const* to_string(FlagState v) {
  return spelling::word(spelling::flag_states, v);
}
constexpr char const* to_string(DecisionKind v) {
  return spelling::word(spelling::decisions, v);
}

constexpr std::optional<Stage> parse_stage(std::string_view text) {
  return spelling::parse(spelling::stages, text);
}
constexpr std::optional<Outcome> parse_outcome(std::string_view text) {
  return spelling::parse(spelling::outcomes, text);
}
constexpr std::optional<Verdict> parse_verdict(std::string_view text) {
  return spelling::parse(spelling::verdicts, text);
}
constexpr std::optional<FlagState> parse_flag_state(std::string_view text) {
  return spelling::parse(spelling::flag_states, text);
}
constexpr std::optional<DecisionKind> parse_decision(std::string_view text) {
  return spelling::parse(spelling::decisions, text);
}

}  // namespace sift::engine
