// The canonical layout of a specification file. Comments are not in the syntax tree, so they are
// collected from the text and put back: a comment on a line of its own goes before the next
// construct that starts after it, a comment after code stays at the end of that code's line.
#include <fmt/format.h>

#include <limits>

#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include "parse.hpp"
#include "printer.hpp"
#include "sift/rules/load.hpp"

namespace sift::rules {
namespace {

namespace x3 = boost::spirit::x3;

struct Comment {
  int line = 0;
  std::string text;
  bool own_line = false;      // nothing but whitespace before it
  bool blank_before = false;  // a blank line separates it from what precedes it
};

std::vector<Comment> collect_comments(std::string const& text) {
  std::vector<Comment> comments;
  int line = 1;
  bool code_on_line = false;
  bool previous_blank = false;
  bool in_text = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char const c = text[i];
    if (c == '\n') {
      previous_blank = !code_on_line && !in_text;
      ++line;
      code_on_line = false;
      in_text = false;
      continue;
    }
    if (in_text) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_text = false;
      continue;
    }
    if (c == '"') {
      in_text = true;
      code_on_line = true;
    } else if (c == '#') {
      std::size_t end = text.find('\n', i);
      if (end == std::string::npos) end = text.size();
      std::string body = text.substr(i, end - i);
      while (!body.empty() && (body.back() == ' ' || body.back() == '\t' || body.back() == '\r'))
        body.pop_back();
      comments.push_back({line, body, !code_on_line, previous_blank && !code_on_line});
      i = end - 1;
      code_on_line = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      code_on_line = true;
    }
  }
  return comments;
}

struct OutputLine {
  int depth = 0;
  std::string text;  // empty for a blank line
  int source_line = 0;
  bool is_comment = false;
};

class Formatter {
 public:
  Formatter(ParsedFile const& file)
      : file_(file), comments_(collect_comments(file.source->text())) {}

  std::string run() {
    std::string previous_kind;
    for (auto const& item : file_.tree) {
      std::string const kind = kind_of(item);
      if (!previous_kind.empty() &&
          (kind != previous_kind || kind == "vacancy" || kind == "section"))
        blank();
      previous_kind = kind;
      boost::apply_visitor([&](auto const& node) { top(node); }, item);
    }
    flush_comments(std::numeric_limits<int>::max());
    attach_trailing_comments();
    std::string out;
    for (auto const& line : lines_) {
      if (!line.text.empty())
        out += std::string(static_cast<std::size_t>(line.depth) * 2, ' ') + line.text;
      out += '\n';
    }
    return out;
  }

 private:
  // Statements of one kind stay together; a blank line separates kinds (and every vacancy).
  static std::string kind_of(ast::Item const& item) {
    return boost::apply_visitor(
        [](auto const& node) -> std::string {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ast::UseDecl>) return "use";
          if constexpr (std::is_same_v<T, ast::FieldDecl>) return "field";
          if constexpr (std::is_same_v<T, ast::LetDecl>) return "let";
          if constexpr (std::is_same_v<T, ast::Section>) return "section";
          return "vacancy";
        },
        item);
  }

  int line_of(x3::position_tagged const& node) const {
    return file_.source->location(file_.offset_of(node)).line;
  }
  int end_line_of(x3::position_tagged const& node) const {
    if (node.id_first < 0) return 0;
    return file_.source->location(file_.spans[static_cast<std::size_t>(node.id_first)].end).line;
  }

  void blank() {
    if (!lines_.empty() && !lines_.back().text.empty()) lines_.push_back({0, "", 0, false});
  }

  void flush_comments(int before_line) {
    while (next_comment_ < comments_.size() && comments_[next_comment_].line < before_line) {
      auto const& comment = comments_[next_comment_++];
      if (!comment.own_line) {
        trailing_.push_back(comment);
        continue;
      }
      if (comment.blank_before) blank();
      lines_.push_back({depth_, comment.text, comment.line, true});
    }
  }

  void emit(x3::position_tagged const& node, std::string text) {
    int const line = line_of(node);
    flush_comments(line);
    // Keep a blank line that separates a comment block from the code after it.
    if (!lines_.empty() && lines_.back().is_comment && blank_source_line(line - 1)) blank();
    lines_.push_back({depth_, std::move(text), line});
  }
  bool blank_source_line(int line) const {
    return file_.source->line_text(line).find_first_not_of(" \t") == std::string::npos;
  }
  void close(x3::position_tagged const& node) {
    flush_comments(end_line_of(node));
    --depth_;
    lines_.push_back({depth_, "}", end_line_of(node), false});
  }

  // A comment that followed code on its line goes at the end of the last output line that came
  // from that source line.
  void attach_trailing_comments() {
    for (auto const& comment : trailing_) {
      OutputLine* target = nullptr;
      for (auto& line : lines_)
        if (line.source_line == comment.line && !line.text.empty()) target = &line;
      if (target)
        target->text += "  " + comment.text;
      else
        lines_.push_back({0, comment.text, comment.line, true});
    }
  }

  void top(ast::UseDecl const& use) { emit(use, "use " + quote(use.path)); }
  void top(ast::FieldDecl const& field) {
    emit(field, "field " + field.name + ": " + print(field.type));
  }
  void top(ast::LetDecl const& let) { emit(let, "let " + let.name + " = " + print(let.value)); }
  void top(ast::Section const& section) {
    emit(section, "section " + quote(section.title) + " {");
    ++depth_;
    for (std::size_t i = 0; i < section.criteria.size(); ++i) {
      if (i) blank();
      criterion(section.criteria[i]);
    }
    close(section);
  }
  void top(ast::Vacancy const& vacancy) {
    emit(vacancy, "vacancy " + vacancy.id + " " + quote(vacancy.title) + " {");
    ++depth_;
    // A blank line between the items of a vacancy, except between consecutive lets.
    bool first = true;
    bool previous_let = false;
    for (auto const& item : vacancy.items) {
      bool const let = boost::get<ast::LetDecl>(&item) != nullptr;
      if (!first && !(let && previous_let)) blank();
      first = false;
      previous_let = let;
      boost::apply_visitor([&](auto const& node) { inner(node); }, item);
    }
    close(vacancy);
  }

  void inner(ast::LetDecl const& let) { top(let); }
  void inner(ast::Section const& section) { top(section); }
  void inner(ast::IncludeDecl const& include) { emit(include, "include " + quote(include.title)); }
  void inner(ast::FlagDecl const& flag) {
    emit(flag, "flag " + flag.id + " " + quote(flag.title));
    ++depth_;
    emit(flag.condition, "when " + print(flag.condition));
    --depth_;
  }
  void inner(ast::Setting const& setting) { emit(setting, "blind " + setting.values.front()); }
  void inner(ast::ShortlistDecl const& shortlist) {
    std::string text = "shortlist";
    for (auto const& item : shortlist.settings) {
      if (auto const* setting = boost::get<ast::Setting>(&item)) {
        text += " " + setting_text(*setting);
      } else {
        auto const& tie_break = boost::get<ast::TieBreak>(item);
        text += " tie break by ";
        for (std::size_t i = 0; i < tie_break.keys.size(); ++i)
          text += (i ? ", " : "") + print(tie_break.keys[i]);
      }
    }
    emit(shortlist, text);
  }
  void inner(ast::ExampleDecl const& example) {
    emit(example, "example " + quote(example.title) + " {");
    ++depth_;
    for (auto const& item : example.items)
      boost::apply_visitor([&](auto const& node) { example_item(node); }, item);
    close(example);
  }

  void example_item(ast::Setting const& setting) { emit(setting, setting_text(setting)); }
  void example_item(ast::Assignment const& assignment) {
    emit(assignment, assignment.field + " = " + print(assignment.value));
  }
  void example_item(ast::ExampleScores const& scores) {
    emit(scores, "scores " + scores.criterion + " = " + join(scores.scores));
  }
  void example_item(ast::Expectation const& expect) {
    std::string text = "expect " + expect.verdict;
    bool const verdict =
        expect.verdict != "flag" && expect.verdict != "no flag" && expect.verdict != "score";
    if (!expect.because.empty()) text += (verdict ? " because " : " ") + join(expect.because);
    emit(expect, text);
  }

  void criterion(ast::Criterion const& criterion) {
    emit(criterion, criterion.importance + " " + criterion.id + " " + quote(criterion.title));
    ++depth_;
    for (auto const& clause : criterion.clauses) {
      if (auto const* requirement = boost::get<ast::Requirement>(&clause))
        emit(*requirement, "require " + print(requirement->condition));
      else {
        auto const& setting = boost::get<ast::Setting>(clause);
        emit(setting, setting_text(setting));
      }
    }
    --depth_;
  }

  static std::string join(std::vector<std::string> const& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i)
      out += (i ? ", " : "") + words[i];
    return out;
  }

  static std::string setting_text(ast::Setting const& setting) {
    auto const& k = setting.keyword;
    auto const values = join(setting.values);
    if (k == "scored") return "scored by assessors at least " + values;
    if (k == "combined") return "combined by " + values;
    if (k == "disagreement") return "disagreement at " + values;
    if (k == "minimum") return "minimum score " + values;
    if (k == "ties" && setting.values.size() == 2) return "ties on score " + setting.values.back();
    return k + " " + values;  // evidence, weight, top, ties, as of
  }

  ParsedFile const& file_;
  std::vector<Comment> comments_;
  std::size_t next_comment_ = 0;
  std::vector<Comment> trailing_;
  std::vector<OutputLine> lines_;
  int depth_ = 0;
};

}  // namespace

FormatResult format_source(std::string const& path, std::string const& text) {
  FormatResult result;
  auto parsed = parse(std::make_shared<Source const>(path, text), result.diagnostics);
  if (parsed) result.text = Formatter(*parsed).run();
  return result;
}

}  // namespace sift::rules
