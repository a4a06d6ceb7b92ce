#include "json_spans.hpp"

#include <cstring>

namespace sift::data {

namespace {

bool space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Index just past the string whose opening quote is at `i`. Statements are long: memchr finds
// each candidate closing quote, which is real unless an odd run of backslashes precedes it.
std::size_t skip_string(std::string_view text, std::size_t i) {
  ++i;
  while (i < text.size()) {
    auto const* quote =
        static_cast<char const*>(std::memchr(text.data() + i, '"', text.size() - i));
    if (!quote) return text.size();
    std::size_t const at = static_cast<std::size_t>(quote - text.data());
    std::size_t backslashes = 0;
    while (at > backslashes && text[at - 1 - backslashes] == '\\')
      ++backslashes;
    if (backslashes % 2 == 0) return at + 1;
    i = at + 1;
  }
  return text.size();
}

// Index just past the value that starts at `i`.
std::size_t skip_value(std::string_view text, std::size_t i) {
  if (text[i] == '"') return skip_string(text, i);
  if (text[i] == '{' || text[i] == '[') {
    int depth = 0;
    while (i < text.size()) {
      char const c = text[i];
      if (c == '"') {
        i = skip_string(text, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' && !space(text[i]))
    ++i;
  return i;
}

}  // namespace

std::vector<MemberSpan> object_members(std::string_view text) {
  std::vector<MemberSpan> members;
  std::size_t i = text.find('{');
  if (i == std::string_view::npos) return members;
  ++i;
  while (i < text.size()) {
    while (i < text.size() && (space(text[i]) || text[i] == ','))
      ++i;
    if (i >= text.size() || text[i] != '"') break;
    MemberSpan member;
    member.begin = i;
    std::size_t const key_end = skip_string(text, i);
    member.key = text.substr(i + 1, key_end - i - 2);
    i = key_end;
    while (i < text.size() && (space(text[i]) || text[i] == ':'))
      ++i;
    std::size_t const value_end = skip_value(text, i);
    member.value = text.substr(i, value_end - i);
    member.end = value_end;
    members.push_back(member);
    i = value_end;
  }
  return members;
}

}  // namespace sift::data
