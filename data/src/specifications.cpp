#include "sift/data/specifications.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "sift/data/error.hpp"
#include "sift/rules/load.hpp"
#include "specification_sources.hpp"
#include "text.hpp"

namespace sift::data {

std::string sources_json(std::vector<rules::SourceFile> const& sources) {
  std::string out = "[";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i) out += ",";
    out += "{\"path\":" + json_string(sources[i].path) +
           ",\"text\":" + json_string(sources[i].text) + "}";
  }
  return out + "]";
}

std::vector<rules::SourceFile> parse_sources(std::string const& json) {
  simdjson::dom::parser parser;
  simdjson::dom::array array;
  if (parser.parse(json).get(array))
    throw Error(ErrorKind::corrupt, "a stored specification is not valid JSON");
  std::vector<rules::SourceFile> sources;
  for (auto item : array) {
    std::string_view path;
    std::string_view text;
    if (item["path"].get(path) || item["text"].get(text))
      throw Error(ErrorKind::corrupt, "a stored specification lacks a file's path or text");
    sources.push_back({std::string(path), std::string(text)});
  }
  return sources;
}

rules::Specification checked_specification(std::vector<rules::SourceFile> const& sources,
                                           std::string const& what) {
  auto loaded = rules::load_sources(sources);
  if (!loaded.specification)
    throw Error(ErrorKind::stale_specification, fmt::format("{} no longer checks:\n{}", what,
                                                            rules::render_all(loaded.diagnostics)));
  return std::move(*loaded.specification);
}

}  // namespace sift::data
