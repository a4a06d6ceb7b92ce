#include "sift/data/redaction.hpp"

#include <simdjson.h>

#include <algorithm>
#include <set>

#include "sift/rules/folding.hpp"

namespace sift::data {

namespace {

bool word_byte(char c) {
  auto const b = static_cast<unsigned char>(c);
  return b >= 0x80 || std::isalnum(b) != 0;
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

bool email_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '%' ||
         c == '+' || c == '-';
}

std::string fold(std::string_view word) {
  return rules::folded(word, rules::Accents::ignored);
}

// The words of the names, folded: "Ann-Marie O'Neil" gives ann, marie, o, neil (words of one
// letter are left out: they would withhold every "a").
std::set<std::string> name_words(std::vector<std::string> const& names) {
  std::set<std::string> out;
  for (auto const& name : names)
    for (std::size_t i = 0; i < name.size();) {
      if (!word_byte(name[i])) {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < name.size() && word_byte(name[end]))
        ++end;
      if (end - i >= 2) out.insert(fold(name.substr(i, end - i)));
      i = end;
    }
  return out;
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text)
    if (digit(c)) out += c;
  return out;
}

}  // namespace

std::string redact(std::string_view text, Identity const& who) {
  auto const names = name_words(who.names);
  std::string const trn = digits_of(who.trn);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // An e-mail address: a run of address characters around an '@'.
    if (email_byte(text[i]) || text[i] == '@') {
      std::size_t end = i;
      while (end < text.size() && (email_byte(text[end]) || text[end] == '@'))
        ++end;
      while (end > i && (text[end - 1] == '.' || text[end - 1] == '-'))
        --end;  // the full stop after an address ends the sentence, not the address
      auto const run = text.substr(i, end - i);
      auto const at = run.find('@');
      if (at != std::string_view::npos && at > 0 && run.find('.', at) != std::string_view::npos) {
        out += "[e-mail withheld]";
        i = end;
        continue;
      }
    }
    // A phone number or the TRN: digits with the spaces, brackets, dashes and '+' people write
    // them with; nine or more digits are a phone number.
    if (digit(text[i]) || (text[i] == '+' && i + 1 < text.size() && digit(text[i + 1])) ||
        (text[i] == '(' && i + 1 < text.size() && digit(text[i + 1]))) {
      std::size_t end = i;
      std::size_t last_digit = i;
      while (end < text.size() && (digit(text[end]) || text[end] == ' ' || text[end] == '-' ||
                                   text[end] == '(' || text[end] == ')' || text[end] == '+')) {
        if (digit(text[end])) last_digit = end;
        ++end;
      }
      end = last_digit + 1;
      bool const preceded_by_word = i > 0 && word_byte(text[i - 1]);
      auto const digits = digits_of(text.substr(i, end - i));
      if (!preceded_by_word && (end >= text.size() || !word_byte(text[end]))) {
        if (digits.size() >= 9) {
          out += "[phone withheld]";
          i = end;
          continue;
        }
        if (!trn.empty() && digits == trn) {
          out += "[TRN withheld]";
          i = end;
          continue;
        }
      }
    }
    if (word_byte(text[i])) {
      std::size_t end = i;
      while (end < text.size() && word_byte(text[end]))
        ++end;
      auto const word = text.substr(i, end - i);
      out += names.contains(fold(word)) ? std::string_view("[name withheld]") : word;
      i = end;
      continue;
    }
    out += text[i++];
  }
  return out;
}

Identity identity_of(std::string const& personal_json, std::string const& facts_json) {
  Identity who;
  simdjson::dom::parser parser;
  simdjson::dom::object personal;
  if (!personal_json.empty() && !parser.parse(personal_json).get(personal)) {
    for (auto const* key : {"first_name", "last_name", "preferred_name", "name"}) {
      std::string_view name;
      if (!personal[key].get(name)) who.names.emplace_back(name);
    }
    std::string_view value;
    if (!personal["email"].get(value)) who.email = value;
    if (!personal["phone"].get(value)) who.phone = value;
  }
  simdjson::dom::object facts;
  std::string_view trn;
  if (!facts_json.empty() && !parser.parse(facts_json).get(facts) && !facts["trn"].get(trn))
    who.trn = trn;
  return who;
}

}  // namespace sift::data
