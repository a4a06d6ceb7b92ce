#include "json_writer.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "quoting.hpp"
#include "sift/rules/value.hpp"

namespace sift::cli {

void JsonWriter::value_starts() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!open_.empty()) {
    if (!open_.back().empty) out_ += ',';
    open_.back().empty = false;
  }
}

JsonWriter& JsonWriter::object() {
  value_starts();
  out_ += '{';
  open_.push_back({'}', true});
  return *this;
}

JsonWriter& JsonWriter::array() {
  value_starts();
  out_ += '[';
  open_.push_back({']', true});
  return *this;
}

JsonWriter& JsonWriter::end() {
  if (open_.empty()) throw std::logic_error("JsonWriter::end() with nothing open");
  out_ += open_.back().close;
  open_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  value_starts();
  out_ += json_quote(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  value_starts();
  out_ += json_quote(text);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  value_starts();
  out_ += rules::format_number(value);
  return *this;
}

JsonWriter& JsonWriter::fixed(double value, int decimals) {
  value_starts();
  out_ += fmt::format("{:.{}f}", value, decimals);
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  value_starts();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  value_starts();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  value_starts();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::string_or_null(std::optional<std::string> const& text) {
  return text ? string(*text) : null();
}

JsonWriter& JsonWriter::number_or_null(std::optional<double> value) {
  return value ? number(*value) : null();
}

JsonWriter& JsonWriter::integer_or_null(std::optional<std::int64_t> value) {
  return value ? integer(*value) : null();
}

std::string JsonWriter::text() const {
  if (!open_.empty()) throw std::logic_error("JsonWriter::text() with a container still open");
  return out_ + "\n";
}

void write_criterion_keys(JsonWriter& json, screening::CriterionInfo const& c) {
  json.key("id")
      .string(c.id)
      .key("title")
      .string(c.title)
      .key("section")
      .string(c.section)
      .key("importance")
      .string(c.essential ? "essential" : "desirable")
      .key("weight")
      .number(c.weight)
      .key("rule")
      .string(c.rule_text);
}

void write_decision(JsonWriter& json, data::Decision const& d) {
  json.object()
      .key("decision")
      .string(engine::to_string(d.kind))
      .key("reason")
      .string(d.reason)
      .key("by")
      .string(d.by)
      .key("at")
      .string(d.at)
      .key("run")
      .integer(d.run_id)
      .end();
}

}  // namespace sift::cli
