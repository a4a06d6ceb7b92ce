// libFuzzer target for the rules language: parsing, checking and formatting arbitrary text
// must never crash, hang or leak, and formatting must be idempotent (fmt(fmt(x)) == fmt(x)).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sift/rules/load.hpp"

namespace {
std::string const form =
    "field qts: bool\nfield subjects: set of text\nfield key_stages: set of text\n"
    "field employment: list of {employer: text, teaching: bool, start: date, end: optional date}\n"
    "field declarations: {on_barred_list: bool}\nfield right_to_work: bool\n";
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string const text(reinterpret_cast<char const*>(data), size);
  auto const loaded = sift::rules::load_sources({{"main.sift", text}, {"form.sift", form}});
  if (!loaded.specification && loaded.diagnostics.empty()) std::abort();  // a failure must say why
  auto const once = sift::rules::format_source("main.sift", text);
  if (once.text) {
    auto const twice = sift::rules::format_source("main.sift", *once.text);
    if (!twice.text || *twice.text != *once.text) std::abort();  // not idempotent
  }
  return 0;
}
