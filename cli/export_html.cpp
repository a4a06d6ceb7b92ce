#include "export_html.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "quoting.hpp"

namespace sift::cli {

namespace {

// "application_version" is "Application version".
std::string heading(std::string_view key) {
  std::string out(key);
  for (auto& c : out)
    if (c == '_') c = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

void render(simdjson::dom::element value, std::string& out) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::OBJECT: {
      out += "<dl>";
      for (auto [key, member] : value.get_object()) {
        out += "<dt>" + html_escape(heading(key)) + "</dt><dd>";
        render(member, out);
        out += "</dd>";
      }
      out += "</dl>";
      return;
    }
    case element_type::ARRAY: {
      auto const items = value.get_array();
      if (items.size() == 0) {
        out += "<span class=\"none\">none</span>";
        return;
      }
      out += "<ol>";
      for (auto item : items) {
        out += "<li>";
        render(item, out);
        out += "</li>";
      }
      out += "</ol>";
      return;
    }
    case element_type::STRING:
      out += html_escape(std::string_view(value.get_string()));
      return;
    case element_type::BOOL:
      out += bool(value.get_bool()) ? "yes" : "no";
      return;
    case element_type::NULL_VALUE:
      out += "&ndash;";
      return;
    default:
      out += html_escape(simdjson::minify(value));
      return;
  }
}

}  // namespace

std::string export_html(std::string const& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object document;
  if (parser.parse(json).get(document)) return {};
  // The export always writes these three; a missing one reads as empty.
  auto text = [&](char const* key) {
    std::string_view value;
    return document[key].get(value) ? std::string_view() : value;
  };
  auto const ref = text("ref");
  auto const vacancy = text("vacancy");
  auto const exported = text("exported_at");
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Everything held "
      "about applicant {0}</title><style>body{{font-family:sans-serif;max-width:60em;margin:2em "
      "auto;line-height:1.4}}dt{{font-weight:bold;margin-top:.4em}}dd{{margin-left:1.5em}}"
      ".none{{color:#555}}h2{{border-bottom:1px solid #999}}</style></head><body>\n"
      "<h1>Everything held about applicant {0}</h1>\n<p>Vacancy {1}, exported {2}. This page "
      "shows every part of the subject access export (the JSON file beside it holds the same): "
      "each version of the application as received, the assessors' scores and comments, every "
      "screening run's outcome for each criterion with the evidence read, the panel's "
      "decisions and reasons, the feedback letters sent, and any erasure, readmission or "
      "reveal.</p>\n",
      html_escape(ref), html_escape(vacancy), html_escape(exported));
  for (auto [key, member] : document) {
    if (key == "ref" || key == "vacancy" || key == "exported_at") continue;
    out += "<h2>" + html_escape(heading(key)) + "</h2>\n";
    render(member, out);
    out += "\n";
  }
  return out + "</body></html>\n";
}

}  // namespace sift::cli
