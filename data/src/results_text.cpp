#include "results_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "sift/data/error.hpp"
#include "sift/rules/value.hpp"
#include "text.hpp"

namespace sift::data {

std::string row_digest(std::string_view ref, std::int64_t application_id, std::string_view verdict,
                       double score, std::string_view outcomes, std::string_view flags,
                       std::string_view moderation, std::string_view scores_read) {
  std::string const id = std::to_string(application_id);
  std::string const points = rules::format_number(score);
  // Gathered first and hashed in one call: a run hashes a row per applicant.
  thread_local std::string row;
  row.clear();
  for (std::string_view part : {ref, std::string_view(id), verdict, std::string_view(points),
                                outcomes, flags, moderation, scores_read})
    row.append(part).append(1, '\t');
  return sha256_hex(row);
}

void placing_line(std::string_view ref, int rank, bool shortlisted, std::string& line) {
  char digits[16];
  auto const end = std::to_chars(digits, digits + sizeof digits, rank).ptr;
  line.assign(ref).append(1, '\t').append(digits, end).append(shortlisted ? "\t1\n" : "\t0\n");
}

std::string chain_hash(std::string const& previous, std::int64_t run_id, std::string const& vacancy,
                       std::string const& specification_sha256, std::string const& stage,
                       std::string const& as_of, std::string const& sift_version,
                       std::string const& results_sha256) {
  return sha256_hex(fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n", previous, run_id, vacancy,
                                specification_sha256, stage, as_of, sift_version, results_sha256));
}

namespace {

[[noreturn]] void unreadable(std::string_view ref, char const* column) {
  throw Error(ErrorKind::corrupt,
              fmt::format("the stored result of {} has an unreadable {} column", ref, column));
}

}  // namespace

engine::Verdict stored_verdict(std::string_view ref, std::string_view text) {
  auto const verdict = engine::parse_verdict(text);
  if (!verdict)
    throw Error(ErrorKind::corrupt,
                fmt::format("the stored result of {} has the verdict '{}'", ref, text));
  return *verdict;
}

std::uint8_t outcome_code(engine::Outcome outcome) {
  switch (outcome) {
    case engine::Outcome::not_assessed:
      return 0;
    case engine::Outcome::met:
      return 1;
    case engine::Outcome::not_met:
      return 2;
    case engine::Outcome::unknown:
      break;
  }
  return 3;
}

namespace {

// A packed column of a result row; any damage is a corrupt row, reported naming it.
struct PackedReader {
  ByteReader in;
  std::string_view ref;
  char const* column;

  std::uint8_t byte() { return checked(in.byte()); }
  std::int64_t varint() { return checked(in.varint()); }
  double number() { return checked(in.number()); }
  bool done() const { return in.done(); }
  template <typename T>
  T checked(T value) {
    if (in.failed) unreadable(ref, column);
    return value;
  }
};

constexpr engine::Outcome outcome_of_code[] = {engine::Outcome::not_assessed, engine::Outcome::met,
                                               engine::Outcome::not_met, engine::Outcome::unknown};

}  // namespace

void decode_packed(std::string_view outcomes, std::string_view scores_read,
                   RecordLayout const& layout, bool criteria, StoredResult& out) {
  out.criteria.clear();
  out.flags.clear();
  out.moderation.clear();
  out.scores_read.clear();
  PackedReader in{{outcomes}, out.ref, "outcomes"};
  auto const criterion_count = static_cast<std::size_t>(in.varint());
  auto const flag_count = static_cast<std::size_t>(in.varint());
  if (criterion_count != layout.criteria.size() || flag_count != layout.flags.size())
    unreadable(out.ref, "outcomes");
  for (std::size_t i = 0; i < criterion_count; ++i) {
    auto const b = in.byte();
    double points = 0;
    switch ((b >> 3) & 0x03) {
      case 0:
        break;
      case 1:
        points = in.byte();
        break;
      case 2:
        points = in.number();
        break;
      default:
        unreadable(out.ref, "outcomes");
    }
    auto const outcome = outcome_of_code[b & 0x03];
    bool const disagree = b & 0x04;
    if (disagree) out.moderation.push_back(layout.criteria[i]);
    if (criteria && outcome != engine::Outcome::not_assessed)
      out.criteria.push_back({layout.criteria[i], outcome, {}, points, disagree});
  }
  for (std::size_t i = 0; i < flag_count; i += 4) {
    auto const packed = in.byte();
    for (std::size_t j = 0; j < 4 && i + j < flag_count; ++j) {
      auto const code = (packed >> (2 * j)) & 0x03;
      if (code == 1 || code == 2)
        out.flags.push_back({layout.flags[i + j],
                             code == 1 ? engine::FlagState::raised : engine::FlagState::unknown,
                             {}});
    }
  }
  if (!in.done()) unreadable(out.ref, "outcomes");
  PackedReader rows{{scores_read}, out.ref, "scores_read"};
  std::int64_t row = 0;
  while (!rows.done())
    out.scores_read.push_back(row += rows.varint());
}

namespace {

void decode_scores_read(simdjson::dom::parser& parser, std::string_view scores_read,
                        StoredResult& out) {
  out.scores_read.clear();
  simdjson::dom::array array;
  if (parser.parse(scores_read.data(), scores_read.size()).get(array))
    unreadable(out.ref, "scores_read");
  for (auto item : array) {
    std::int64_t id = 0;
    if (item.get(id)) unreadable(out.ref, "scores_read");
    out.scores_read.push_back(id);
  }
}

}  // namespace

void decode_columns(simdjson::dom::parser& parser, std::string_view outcomes,
                    std::string_view flags, std::string_view moderation,
                    std::string_view scores_read, bool criteria, StoredResult& out) {
  out.criteria.clear();
  out.flags.clear();
  out.moderation.clear();
  simdjson::dom::object object;
  if (criteria) {
    if (parser.parse(outcomes.data(), outcomes.size()).get(object)) unreadable(out.ref, "outcomes");
    for (auto field : object) {
      CriterionRecord c;
      c.criterion = field.key;
      std::string_view text;
      double points = 0;
      if (field.value.at(0).get(text)) unreadable(out.ref, "outcomes");
      auto const outcome = engine::parse_outcome(text);
      if (!outcome || field.value.at(1).get(text) || field.value.at(2).get(points))
        unreadable(out.ref, "outcomes");
      c.outcome = *outcome;
      c.evidence = text;
      c.points = points;
      out.criteria.push_back(std::move(c));
    }
  }
  if (parser.parse(flags.data(), flags.size()).get(object)) unreadable(out.ref, "flags");
  for (auto field : object) {
    std::string_view state_text, evidence;
    if (field.value.at(0).get(state_text) || field.value.at(1).get(evidence))
      unreadable(out.ref, "flags");
    auto const state = engine::parse_flag_state(state_text);
    if (!state) unreadable(out.ref, "flags");
    out.flags.push_back({std::string(field.key), *state, std::string(evidence)});
  }
  simdjson::dom::array array;
  if (parser.parse(moderation.data(), moderation.size()).get(array))
    unreadable(out.ref, "moderation");
  for (auto item : array) {
    std::string_view text;
    if (item.get(text)) unreadable(out.ref, "moderation");
    out.moderation.emplace_back(text);
  }
  decode_scores_read(parser, scores_read, out);
}

}  // namespace sift::data
