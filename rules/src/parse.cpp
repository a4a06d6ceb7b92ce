// The grammar's only translation unit: BOOST_SPIRIT_INSTANTIATE and the one call site.
#include "parse.hpp"

#include <fmt/format.h>

#include "grammar_def.hpp"

namespace sift::rules {
namespace grammar {
BOOST_SPIRIT_INSTANTIATE(file_type, iterator_type, context_type)
}  // namespace grammar

namespace {

// Where the next token starts: past whitespace and comments, which is where a person looks.
std::size_t next_token(std::string const& text, std::size_t where) {
  while (where < text.size()) {
    char const c = text[where];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++where;
    } else if (c == '#') {
      while (where < text.size() && text[where] != '\n')
        ++where;
    } else {
      break;
    }
  }
  return where;
}

// How the token at `where` reads in a message: a word, a quoted text, a symbol or the end.
std::string describe_token(std::string const& text, std::size_t where) {
  while (where < text.size() && (text[where] == ' ' || text[where] == '\t' || text[where] == '\r'))
    ++where;
  if (where >= text.size()) return "the end of the file";
  char const c = text[where];
  if (c == '\n') return "the end of the line";
  auto is_word = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' ||
           (static_cast<unsigned char>(ch) & 0x80);
  };
  std::size_t end = where + 1;
  if (c == '"') {
    while (end < text.size() && text[end] != '"' && text[end] != '\n')
      ++end;
    if (end < text.size() && text[end] == '"') ++end;
  } else if (is_word(c)) {
    while (end < text.size() && is_word(text[end]))
      ++end;
  }
  std::string token = text.substr(where, std::min<std::size_t>(end - where, 40));
  return fmt::format("'{}'", token);
}

// Rule names are written as the message should say them; bare literals get quotes.
std::string describe_expected(std::string const& which) {
  if (which.empty()) return "something else";
  if (which.front() == '\'' || which.starts_with("a ") || which.starts_with("an ") ||
      which.starts_with("the "))
    return which;
  if (which.front() == '"' && which.size() >= 2)
    return fmt::format("'{}'", which.substr(1, which.size() - 2));
  return fmt::format("'{}'", which);
}

}  // namespace

std::optional<ParsedFile> parse(std::shared_ptr<Source const> source,
                                std::vector<Diagnostic>& diagnostics) {
  namespace x3 = boost::spirit::x3;
  auto const& text = source->text();
  ParsedFile parsed{source, {}, {}};
  grammar::PositionTagger tagger(text);
  auto const parser = x3::with<x3::error_handler_tag>(std::ref(tagger))[grammar::file_rule];
  auto first = text.cbegin();
  grammar::nesting_depth = 0;
  try {
    bool const ok =
        x3::phrase_parse(first, text.cend(), parser, grammar::skipper_rule, parsed.tree);
    if (!ok) {
      auto const at = next_token(text, static_cast<std::size_t>(first - text.cbegin()));
      diagnostics.push_back(source->diagnostic(
          at, fmt::format("expected 'use', 'field', 'let', 'section' or 'vacancy', found {}",
                          describe_token(text, at))));
      return std::nullopt;
    }
  } catch (x3::expectation_failure<grammar::iterator_type> const& failure) {
    auto at = static_cast<std::size_t>(failure.where() - text.cbegin());
    // Inside a quoted text the line end itself is the problem; elsewhere the next token is.
    if (failure.which() != grammar::closing_quote.name) at = next_token(text, at);
    diagnostics.push_back(source->diagnostic(
        at, fmt::format("expected {}, found {}", describe_expected(failure.which()),
                        describe_token(text, at))));
    return std::nullopt;
  } catch (grammar::NestingTooDeep const& deep) {
    auto const at = static_cast<std::size_t>(deep.where - text.cbegin());
    diagnostics.push_back(source->diagnostic(
        at, fmt::format("nested too deeply: more than {} levels of brackets, 'not' or types; "
                        "name a part with 'let'",
                        grammar::max_nesting)));
    return std::nullopt;
  }
  parsed.spans = tagger.take_spans();
  return parsed;
}

}  // namespace sift::rules
