// The one way cli/ writes JSON: a writer that keeps commas and nesting right, so that no output
// is assembled by hand. Text is escaped (json_quote); numbers are written as Sift writes them
// everywhere (rules::format_number) unless a caller gives a fixed format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sift/data/decisions.hpp"
#include "sift/screening/criteria.hpp"

namespace sift::cli {

class JsonWriter {
 public:
  JsonWriter& object();  // {
  JsonWriter& array();   // [
  JsonWriter& end();     // the innermost } or ]
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& number(double value);  // as rules::format_number writes it
  JsonWriter& fixed(double value, int decimals);
  JsonWriter& integer(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& string_or_null(std::optional<std::string> const& text);
  JsonWriter& number_or_null(std::optional<double> value);
  JsonWriter& integer_or_null(std::optional<std::int64_t> value);

  // The document, ending in a newline; every container must be closed.
  std::string text() const;

 private:
  void value_starts();
  struct Open {
    char close;  // '}' or ']'
    bool empty;  // nothing written in it yet
  };
  std::string out_;
  std::vector<Open> open_;
  bool after_key_ = false;
};

// A criterion's id, title, section, importance, weight and rule, as keys of the object being
// written (explanations add the outcome; the matrix lists the criteria).
void write_criterion_keys(JsonWriter& json, screening::CriterionInfo const& criterion);

// A panel decision as every JSON output writes it: {"decision", "reason", "by", "at"}.
void write_decision(JsonWriter& json, data::Decision const& decision);

}  // namespace sift::cli
