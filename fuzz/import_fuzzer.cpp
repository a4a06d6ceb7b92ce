// libFuzzer target for the import path's own parsing: the JSON member scanner, declared-type
// decoding, the values packed at import, the CSV reader and the CSV-to-record conversion.
// Oracles: the scanner finds exactly the members simdjson finds; decoding says the same with or
// without building values; packed values unpack to the same values and read into a tape of
// cells (rules/value_tape.hpp) as their declared types, and any bytes unpack, or read into a
// tape, or are refused, without a crash; every CSV row the converter accepts becomes valid JSON (or
// fails only for bytes that are not UTF-8, or a number too large, which the validator locates and
// names).
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "csv.hpp"
#include "csv_applications.hpp"
#include "decode.hpp"
#include "json_spans.hpp"
#include "sift/rules/load.hpp"
#include "sift/rules/packed_values.hpp"
#include "sift/rules/value_tape.hpp"

namespace {

sift::rules::Specification const& form() {
  static auto const spec = [] {
    auto loaded = sift::rules::load_sources(
        {{"v.sift",
          "field qts: bool\nfield submitted: date\nfield subjects: set of text\n"
          "field pay: {scale: text, point: number from 0 to 20}\n"
          "field employment: list of {employer: text, teaching: bool, start: date, end: optional "
          "date}\n"
          "vacancy v \"V\" {\n  section \"S\" {\n    essential qts \"QTS\"\n      require qts\n  "
          "}\n"
          "  shortlist top 3\n}\n"}});
    if (!loaded.specification) std::abort();
    return std::move(*loaded.specification);
  }();
  return spec;
}

std::vector<int> const& every_slot() {
  static auto const slots = [] {
    std::vector<int> all(form().fields.size());
    for (std::size_t i = 0; i < all.size(); ++i)
      all[i] = static_cast<int>(i);
    return all;
  }();
  return slots;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string const text(reinterpret_cast<char const*>(data), size);
  auto const& spec = form();

  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (!parser.parse(text).get(object)) {
    auto const members = sift::data::object_members(text);
    if (members.size() != object.size()) std::abort();  // the scanner disagrees with simdjson
    std::vector<sift::rules::Value> fields(spec.fields.size());
    bool good = true;
    for (std::size_t slot = 0; slot < spec.fields.size(); ++slot) {
      auto const& field = spec.fields[slot];
      simdjson::dom::element value;
      if (object.at_key(field.name).get(value)) continue;
      sift::data::JsonPath const path{nullptr, field.name};
      auto const checked = sift::data::decode(value, field.type, path, nullptr);
      if (sift::data::decode(value, field.type, path, &fields[slot]) != checked) std::abort();
      good = good && checked.empty();
    }
    // The values packed at import read back as they were.
    if (good) {
      std::string packed;
      sift::rules::pack_values(fields, packed);
      std::vector<sift::rules::Value> back(fields.size());
      if (!sift::rules::unpack_values(packed, every_slot(), back) || back != fields) std::abort();
      std::vector<std::string_view> bytes(fields.size());
      sift::rules::ValueTape tape;
      tape.clear(fields.size());
      if (!sift::rules::packed_fields(packed, bytes)) std::abort();
      for (std::size_t slot = 0; slot < fields.size(); ++slot)
        if (!tape.read(slot, bytes[slot], spec.fields[slot].type)) std::abort();
    }
  }
  // Any bytes either unpack or are refused: never a crash, a hang or a huge allocation.
  std::vector<sift::rules::Value> scratch(spec.fields.size());
  (void)sift::rules::unpack_values(text, every_slot(), scratch);
  // The same for reading them into a tape, whole or one field's worth.
  {
    std::vector<std::string_view> bytes(spec.fields.size());
    sift::rules::ValueTape tape;
    tape.clear(spec.fields.size());
    if (sift::rules::packed_fields(text, bytes))
      for (std::size_t slot = 0; slot < spec.fields.size(); ++slot)
        (void)tape.read(slot, bytes[slot], spec.fields[slot].type);
    for (std::size_t slot = 0; slot < spec.fields.size(); ++slot)
      (void)tape.read(slot, text, spec.fields[slot].type);
  }

  std::istringstream input(text);
  sift::data::CsvReader reader(input);
  std::vector<std::string> header{"ref", "vacancy", "qts", "subjects", "pay.point", "employment"};
  std::vector<std::string> row;
  std::string problem;
  auto const forms = [&](std::string const&) { return &spec; };
  for (int records = 0; records < 64 && reader.next(row, problem); ++records) {
    if (!problem.empty()) continue;
    std::string json;
    if (!sift::data::csv_row_to_json(header, row, forms, json).empty()) continue;
    // An accepted row becomes valid JSON but for what the validator that always follows names
    // with the line's number: bytes that are not UTF-8, and a number too large to read (which it
    // must be able to locate).
    simdjson::dom::element parsed;
    auto const error = parser.parse(json).get(parsed);
    bool const too_large =
        error == simdjson::NUMBER_ERROR || error == simdjson::NUMBER_OUT_OF_RANGE;
    if (too_large && sift::data::locate_bad_number(json).empty()) std::abort();
    if (error && error != simdjson::UTF8_ERROR && !too_large) std::abort();
  }
  return 0;
}
