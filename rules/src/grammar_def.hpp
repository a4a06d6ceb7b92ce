// The rules language grammar (BOOST_SPIRIT_DEFINE). docs/rules-language.md describes the same
// language for its readers; keep the two in step.
//
// Conventions: every rule has a name written as the diagnostic should say it ("an expression",
// "a criterion"); `>` (expect) follows only a committing token, so alternatives can backtrack.
// X3 alternatives that share an attribute do not reset it when one fails, and strings append:
// an alternative must fail before it writes a container (hence the `&(...)` look-ahead for
// durations and the `{` before `attr(record_head)` in types).
#pragma once

#include <boost/spirit/home/x3.hpp>

#include "ast.hpp"
#include "ast_adapted.hpp"
#include "config.hpp"
#include "grammar.hpp"

namespace sift::rules::grammar {

using x3::attr;
using x3::lexeme;
using x3::lit;
using x3::raw;
using x3::repeat;

// ---- nesting guard ----------------------------------------------------------------------------
inline thread_local int nesting_depth = 0;

template <typename Subject>
struct nesting_guard : x3::unary_parser<Subject, nesting_guard<Subject>> {
  using base_type = x3::unary_parser<Subject, nesting_guard<Subject>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;
  constexpr nesting_guard(Subject const& subject) : base_type(subject) {}

  template <typename It, typename Context, typename RContext, typename Attribute>
  bool parse(It& first, It const& last, Context const& context, RContext& rcontext,
             Attribute& attribute) const {
    // Every level of brackets, calls, 'not', '-' or types passes two guards (see the rules
    // below), and the innermost operand tries up to three more on its way (a 'not', a '-'):
    // so max_nesting levels fit in this budget, and one more does not.
    if (nesting_depth >= 2 * max_nesting + 3) throw NestingTooDeep{first};
    ++nesting_depth;
    struct Leave {
      ~Leave() { --nesting_depth; }
    } leave;
    return this->subject.parse(first, last, context, rcontext, attribute);
  }
};

struct nesting_guard_gen {
  template <typename Subject>
  constexpr nesting_guard<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
constexpr nesting_guard_gen nested{};

// ---- words ------------------------------------------------------------------------------------
// ASCII character sets, never x3::alpha/alnum/digit/space: those call the C classification
// functions on raw chars, which for UTF-8 bytes (negative chars) assert in Boost and are
// undefined behaviour (the rules fuzzer found it).
auto const letter = x3::char_("a-zA-Z");
auto const digit = x3::char_("0-9");
auto const word_char = x3::char_("a-zA-Z0-9_");

// A keyword, matched as a whole word; its rule name is the word, so an expectation failure reads
// "expected 'of'".
struct keyword_class;
inline auto kw(char const* word) {
  return x3::rule<keyword_class>{word} = lexeme[lit(word) >> !word_char];
}
// The same, keeping the word as the attribute. The whole word is checked before the string is
// written, or a failed `set` would leave "set" in front of the name read instead ("setdate" read
// as "setsetdate"; the rules fuzzer found it).
struct keyword_string_class;
inline auto kws(char const* word) {
  return x3::rule<keyword_string_class, std::string>{word} =
             lexeme[&(lit(word) >> !word_char) >> x3::string(word)];
}

// Words of the language that cannot name a field or value. Besides the operators, the words
// that begin a statement or clause are reserved, so that a missing expression is reported as
// such instead of the next clause's keyword being read as a name.
auto const reserved =
    lexeme[(lit("and") | "or" | "not" | "in" | "is" | "missing" | "known" | "true" | "false" |
            "any" | "all" | "satisfies" | "satisfy" | "where" | "contains" | "of" | "today" |
            "essential" | "desirable" | "require" | "evidence" | "weight" | "scored" | "combined" |
            "disagreement" | "section" | "include" | "flag" | "when" | "shortlist" | "example" |
            "expect" | "scores" | "let" | "use" | "field" | "vacancy" | "blind") >>
           !word_char];

x3::rule<struct name_class, std::string> const name = "a name";
auto const name_def = raw[lexeme[!reserved >> (letter | '_') >> *word_char]];

x3::rule<struct vacancy_id_class, std::string> const vacancy_id = "a vacancy id";
auto const vacancy_id_def = raw[lexeme[letter >> *(word_char | '-')]];

x3::rule<struct closing_quote_class> const closing_quote = "a closing '\"' on the same line";
auto const closing_quote_def = lit('"');

x3::rule<struct text_class, std::string> const text = "a quoted text";
x3::rule<struct escaped_class, char> const escaped = "an escape (\\\", \\\\ or \\n)";
auto const escaped_def = x3::char_('"') | x3::char_('\\') | (lit('n') >> attr('\n'));
auto const escape = lit('\\') > escaped;
auto const text_def = lexeme['"' > *(escape | ~x3::char_("\"\\\n")) > closing_quote];

x3::rule<struct number_text_class, std::string> const number_text = "a number";
auto const number_text_def = raw[lexeme[+digit >> -('.' >> +digit) >> !word_char]];

x3::rule<struct date_text_class, std::string> const date_text = "a date (YYYY-MM-DD)";
auto const date_text_def = raw[lexeme[repeat(4)[digit] >> '-' >> repeat(2)[digit] >> '-' >>
                                      repeat(2)[digit] >> !word_char]];

x3::rule<struct duration_unit_class, std::string> const duration_unit = "a unit of time";
auto const duration_unit_def = kws("days") | kws("day") | kws("weeks") | kws("week") |
                               kws("months") | kws("month") | kws("years") | kws("year");

// ---- expressions ------------------------------------------------------------------------------
struct literal_class : x3::annotate_on_success {};
struct path_class : x3::annotate_on_success {};
struct call_class : x3::annotate_on_success {};
struct collection_class : x3::annotate_on_success {};
struct record_entry_class : x3::annotate_on_success {};
struct record_literal_class : x3::annotate_on_success {};
struct group_class : x3::annotate_on_success {};
struct negation_class : x3::annotate_on_success {};
struct not_class : x3::annotate_on_success {};
struct quantifier_class : x3::annotate_on_success {};
struct product_step_class : x3::annotate_on_success {};
struct sum_step_class : x3::annotate_on_success {};
struct comparison_step_class : x3::annotate_on_success {};
struct and_step_class : x3::annotate_on_success {};
struct or_step_class : x3::annotate_on_success {};
struct where_step_class : x3::annotate_on_success {};
struct product_class : x3::annotate_on_success {};
struct sum_class : x3::annotate_on_success {};
struct comparison_class : x3::annotate_on_success {};
struct conjunction_class : x3::annotate_on_success {};
struct disjunction_class : x3::annotate_on_success {};
struct expr_class : x3::annotate_on_success {};

x3::rule<literal_class, ast::Literal> const literal = "a value";
x3::rule<path_class, ast::Path> const path = "a field or name";
x3::rule<call_class, ast::Call> const call = "a function call";
x3::rule<collection_class, ast::Collection> const collection = "a list or set";
x3::rule<record_entry_class, ast::RecordEntry> const record_entry = "a record entry";
x3::rule<record_literal_class, ast::RecordLiteral> const record_literal = "a record";
x3::rule<group_class, ast::Unary> const group = "a bracketed expression";
x3::rule<negation_class, ast::Unary> const negation = "a negated number";
x3::rule<not_class, ast::Unary> const not_test = "'not'";
x3::rule<quantifier_class, ast::Quantifier> const quantifier = "'any' or 'all'";
x3::rule<struct unary_operand_class, ast::Operand> const unary_operand = "a value";
x3::rule<struct primary_class, ast::Operand> const primary = "a value";
x3::rule<product_step_class, ast::Operation> const product_step = "'*', '/' or '&'";
x3::rule<sum_step_class, ast::Operation> const sum_step = "'+', '-' or '|'";
x3::rule<comparison_step_class, ast::Operation> const comparison_step = "a comparison";
x3::rule<and_step_class, ast::Operation> const and_step = "'and'";
x3::rule<or_step_class, ast::Operation> const or_step = "'or'";
x3::rule<where_step_class, ast::Operation> const where_step = "'where'";
x3::rule<product_class, ast::Expr> const product = "an expression";
x3::rule<sum_class, ast::Expr> const sum = "an expression";
x3::rule<comparison_class, ast::Expr> const comparison = "an expression";
x3::rule<struct not_level_class, ast::Operand> const not_level = "an expression";
x3::rule<conjunction_class, ast::Expr> const conjunction = "an expression";
x3::rule<disjunction_class, ast::Expr> const disjunction = "an expression";
x3::rule<expr_class, ast::Expr> const expr = "an expression";

auto const literal_def =
    (attr(ast::LiteralKind::date) >> date_text >> attr(std::string())) |
    (attr(ast::LiteralKind::duration) >> &(number_text >> duration_unit) >> number_text >>
     duration_unit) |
    (attr(ast::LiteralKind::number) >> number_text >> attr(std::string())) |
    (attr(ast::LiteralKind::text) >> text >> attr(std::string())) |
    (attr(ast::LiteralKind::boolean) >> (kws("true") | kws("false")) >> attr(std::string())) |
    (attr(ast::LiteralKind::today) >> kws("today") >> attr(std::string()));

auto const path_def = name >> *(lit('.') > name);

auto const arguments = (expr % ',') | attr(std::vector<ast::Expr>());
// A call's options are fixed phrases after its arguments; an argument is never read from one, so
// a member named `end` still works as an argument.
x3::rule<struct call_option_class, std::string> const call_option =
    "an option ('end date excluded' or 'between spells only')";
auto const call_option_def =
    (kw("end") >> kw("date") >> kw("excluded") >> attr(std::string("end date excluded"))) |
    (kw("between") >> kw("spells") >> kw("only") >> attr(std::string("between spells only")));
auto const call_arguments = ((!call_option >> expr) % ',') | attr(std::vector<ast::Expr>());
auto const call_options = *(lit(',') >> call_option);
auto const call_def = name >> '(' > call_arguments > call_options > ')' >> *(lit('.') > name);

auto const collection_def =
    (attr(false) >> '[' > arguments > ']') | (attr(true) >> '{' > arguments > '}');

auto const record_entry_def = name >> ':' > expr;
auto const record_literal_def = ('{' >> (record_entry % ',') > '}') >> attr(true);

auto const group_def = attr(std::string("()")) >> '(' > expr > ')';

auto const negation_def = x3::string("-") > unary_operand;

x3::rule<struct satisfies_class> const satisfies = "'satisfies'";
auto const satisfies_def = kw("satisfies") | kw("satisfy");
auto const quantifier_def = (kws("any") | kws("all")) > name > kw("in") > sum > satisfies
                            > disjunction;

auto const primary_def = literal | record_literal | collection | quantifier | group | call | path;

auto const unary_operand_def = nested[nested[negation] | primary];

auto const product_step_def = (x3::string("*") | x3::string("/") | x3::string("&")) > unary_operand;
auto const product_def = unary_operand >> *product_step;

auto const sum_step_def = (x3::string("+") | x3::string("-") | x3::string("|")) > product;
auto const sum_def = product >> *sum_step;

auto const comparison_operator =
    x3::string("<=") | x3::string(">=") | x3::string("!=") | x3::string("=") | x3::string("<") |
    x3::string(">") | (kw("not") >> kw("in") >> attr(std::string("not in"))) | kws("in") |
    (kw("contains") >> kw("all") >> kw("of") >> attr(std::string("contains all of"))) |
    (kw("contains") >> kw("any") >> kw("of") >> attr(std::string("contains any of"))) |
    (kw("contains") >> kw("word") >> attr(std::string("contains word"))) | kws("contains") |
    (kw("starts") >> kw("with") >> attr(std::string("starts with"))) |
    (kw("ends") >> kw("with") >> attr(std::string("ends with")));
x3::rule<struct missing_word_class, std::string> const missing_word =
    "'missing', 'not missing', 'known', 'none' or 'not none'";
auto const missing_word_def = (kw("not") > ((kw("missing") > attr(std::string("is not missing"))) |
                                            (kw("none") > attr(std::string("is not none"))))) |
                              (kw("missing") > attr(std::string("is missing"))) |
                              (kw("known") > attr(std::string("is known"))) |
                              (kw("none") > attr(std::string("is none")));
auto const missing_test = kw("is") > missing_word;
auto const comparison_step_def = (comparison_operator > sum) | (missing_test >> attr(ast::Nil()));
auto const comparison_def = sum >> repeat(0, 1)[comparison_step];

auto const not_test_def = kws("not") > not_level;
auto const not_level_def = nested[nested[not_test] | comparison];

auto const and_step_def = kws("and") > not_level;
auto const conjunction_def = not_level >> *and_step;

auto const or_step_def = kws("or") > conjunction;
auto const disjunction_def = conjunction >> *or_step;

auto const where_step_def = kws("where") > disjunction;
auto const expr_def = disjunction >> repeat(0, 1)[where_step];

// ---- form field types -------------------------------------------------------------------------
struct type_class : x3::annotate_on_success {};
struct type_member_class : x3::annotate_on_success {};
x3::rule<type_class, ast::TypeExpr> const type = "a type";
x3::rule<type_member_class, ast::TypeMember> const type_member = "a member (name: type)";
// Named, so that a failed expectation says what it wanted rather than a C++ type.
x3::rule<struct type_members_class, std::vector<ast::TypeMember>> const type_members =
    "a member (name: type)";

x3::rule<struct signed_number_text_class, std::string> const signed_number_text = "a number";
auto const signed_number_text_def =
    raw[lexeme[-lit('-') >> +digit >> -('.' >> +digit) >> !word_char]];

x3::rule<struct element_type_class, std::vector<ast::TypeExpr>> const element_type = "a type";
auto const element_type_def = repeat(1)[type];

auto const no_members = attr(std::vector<ast::TypeMember>());
auto const no_arguments = attr(std::vector<ast::TypeExpr>());
auto const no_range = attr(std::vector<std::string>());
// A number field's declared bounds (two numbers), a text field's values (quoted texts, as
// written), or none.
x3::rule<struct range_class, std::vector<std::string>> const range = "a range";
x3::rule<struct domain_values_class, std::vector<std::string>> const domain_values =
    "the values, quoted: {\"a\", \"b\"}";
auto const domain_values_def = '{' > (raw[text] % ',') > '}';
auto const range_def = (kw("from") >> &lit('{') > domain_values) |
                       (kw("from") > signed_number_text > kw("to") > signed_number_text) | no_range;
auto const type_def =
    nested[nested[((kws("list") >> no_members > kw("of") > element_type) >> no_range) |
                  ((kws("set") >> no_members > kw("of") > element_type) >> no_range) |
                  ((kws("optional") >> no_members > element_type) >> no_range) |
                  ((lit('{') >> attr(std::string(ast::record_head)) > type_members > '}') >>
                   no_arguments >> no_range) |
                  (name >> no_members >> no_arguments >> range)]];
auto const type_member_def = name > ':' > type;
auto const type_members_def = type_member % ',';

// ---- statements -------------------------------------------------------------------------------
struct use_class : x3::annotate_on_success {};
struct field_class : x3::annotate_on_success {};
struct let_class : x3::annotate_on_success {};
struct criterion_setting_class : x3::annotate_on_success {};
struct policy_setting_class : x3::annotate_on_success {};
struct as_of_class : x3::annotate_on_success {};
struct blind_setting_class : x3::annotate_on_success {};
struct requirement_class : x3::annotate_on_success {};
struct criterion_class : x3::annotate_on_success {};
struct section_class : x3::annotate_on_success {};
struct include_class : x3::annotate_on_success {};
struct flag_class : x3::annotate_on_success {};
struct shortlist_class : x3::annotate_on_success {};
struct assignment_class : x3::annotate_on_success {};
struct example_scores_class : x3::annotate_on_success {};
struct expectation_class : x3::annotate_on_success {};
struct example_class : x3::annotate_on_success {};
struct vacancy_class : x3::annotate_on_success {};
struct file_class : x3::annotate_on_success {};

x3::rule<use_class, ast::UseDecl> const use_decl = "'use'";
x3::rule<field_class, ast::FieldDecl> const field_decl = "'field'";
x3::rule<let_class, ast::LetDecl> const let_decl = "'let'";
x3::rule<criterion_setting_class, ast::Setting> const criterion_setting =
    "'require', 'evidence', 'weight', 'scored', 'combined' or 'disagreement'";
x3::rule<requirement_class, ast::Requirement> const requirement = "'require'";
x3::rule<struct clause_class, ast::Clause> const clause = "a clause";
x3::rule<criterion_class, ast::Criterion> const criterion =
    "a criterion ('essential' or 'desirable')";
x3::rule<section_class, ast::Section> const section = "'section'";
x3::rule<include_class, ast::IncludeDecl> const include_decl = "'include'";
x3::rule<flag_class, ast::FlagDecl> const flag_decl = "'flag'";
x3::rule<policy_setting_class, ast::Setting> const policy_setting =
    "a shortlist setting ('top', 'ties', 'minimum score' or 'tie break by')";
struct tie_break_class : x3::annotate_on_success {};
x3::rule<tie_break_class, ast::TieBreak> const tie_break = "'tie break by'";
x3::rule<struct tie_keys_class, std::vector<ast::Expr>> const tie_keys =
    "a criterion or a numeric expression";
x3::rule<shortlist_class, ast::ShortlistDecl> const shortlist_decl = "'shortlist'";
x3::rule<assignment_class, ast::Assignment> const assignment = "a field assignment";
x3::rule<example_scores_class, ast::ExampleScores> const example_scores = "'scores'";
x3::rule<expectation_class, ast::Expectation> const expectation = "'expect'";
x3::rule<as_of_class, ast::Setting> const as_of = "'as of'";
x3::rule<struct example_item_class, ast::ExampleItem> const example_item = "an example line";
x3::rule<example_class, ast::ExampleDecl> const example_decl = "'example'";
x3::rule<struct vacancy_item_class, ast::VacancyItem> const vacancy_item = "a vacancy item";
x3::rule<vacancy_class, ast::Vacancy> const vacancy = "'vacancy'";
x3::rule<struct item_class, ast::Item> const item = "'use', 'field', 'let', 'section' or 'vacancy'";
file_type const file_rule = "a specification";

x3::rule<struct verdict_class, std::string> const verdict =
    "a verdict ('excluded', 'needs review', 'eligible' or 'shortlisted')";
x3::rule<struct end_of_file_class> const end_of_file =
    "'use', 'field', 'let', 'section' or 'vacancy'";
x3::rule<struct end_of_vacancy_class> const end_of_vacancy =
    "'section', 'include', 'let', 'flag', 'shortlist', 'example', 'blind' or '}'";
x3::rule<blind_setting_class, ast::Setting> const blind_setting = "'blind'";
x3::rule<struct on_or_off_class, std::vector<std::string>> const on_or_off = "'on' or 'off'";
x3::rule<struct end_of_section_class> const end_of_section = "a criterion or '}'";
x3::rule<struct end_of_example_class> const end_of_example =
    "a field assignment, 'scores', 'expect', 'as of' or '}'";

auto const use_decl_def = kws("use") > text;
auto const field_decl_def = kw("field") > name > ':' > type;
auto const let_decl_def = kw("let") > name > '=' > expr;

x3::rule<struct one_number_class, std::vector<std::string>> const one_number = "a number";
auto const one_number_def = repeat(1)[number_text];
x3::rule<struct one_name_class, std::vector<std::string>> const one_name = "a name";
auto const one_name_def = repeat(1)[name];
x3::rule<struct names_class, std::vector<std::string>> const names = "a name";
auto const names_def = name % ',';
x3::rule<struct numbers_class, std::vector<std::string>> const numbers = "a number";
auto const numbers_def = number_text % ',';
x3::rule<struct tie_rule_class, std::vector<std::string>> const tie_rule =
    "'included' or 'excluded'";
auto const tie_rule_def = (kws("on") > kw("score") > (kws("included") | kws("excluded"))) |
                          repeat(1)[kws("included") | kws("excluded")];
x3::rule<struct one_date_class, std::vector<std::string>> const one_date = "a date (YYYY-MM-DD)";
auto const one_date_def = repeat(1)[date_text];
x3::rule<struct policy_settings_class, std::vector<ast::PolicyItem>> const policy_settings =
    "a shortlist setting ('top', 'ties', 'minimum score' or 'tie break by')";
auto const policy_settings_def = +(tie_break | policy_setting);
auto const criterion_setting_def =
    (kws("evidence") > names) | (kws("weight") > one_number) |
    (kws("scored") > kw("by") > kw("assessors") > kw("at") > kw("least") > one_number) |
    (kws("combined") > kw("by") > one_name) | (kws("disagreement") > kw("at") > one_number);
auto const requirement_def = kws("require") > expr;
auto const clause_def = requirement | criterion_setting;
auto const criterion_def = (kws("essential") | kws("desirable")) > name > text > *clause;

x3::rule<struct criteria_class, std::vector<ast::Criterion>> const criteria =
    "a criterion ('essential' or 'desirable')";
auto const criteria_def = +criterion;
auto const section_def = kw("section") > text > '{' > criteria > end_of_section;
auto const end_of_section_def = lit('}');

auto const include_decl_def = kws("include") > text;
auto const flag_decl_def = kw("flag") > name > text > kw("when") > expr;

auto const policy_setting_def = (kws("top") > one_number) | (kws("ties") > tie_rule) |
                                (kws("minimum") > kw("score") > one_number);
auto const tie_keys_def = expr % ',';
auto const tie_break_def = (kw("tie") >> kw("break") >> attr(std::string("tie break"))) >
                           kw("by") > tie_keys;
auto const shortlist_decl_def = kws("shortlist") > policy_settings;

auto const as_of_def = (kw("as") >> kw("of") >> attr(std::string("as of"))) > one_date;
auto const verdict_def = kws("excluded") | kws("eligible") | kws("shortlisted") |
                         (kw("needs") > kw("review") > attr(std::string("needs review")));
x3::rule<struct expected_class, ast::Expectation> const expected =
    "a verdict ('excluded', 'needs review', 'eligible' or 'shortlisted'), 'flag', 'no flag' or "
    "'score'";
auto const expected_def = (kws("flag") > one_name) |
                          (kw("no") >> kw("flag") >> attr(std::string("no flag")) > one_name) |
                          (kws("score") > one_number) |
                          (verdict > ((kw("because") > names) | attr(std::vector<std::string>())));
auto const expectation_def = kw("expect") > expected;
auto const example_scores_def = kw("scores") > name > '=' > numbers;
auto const assignment_def = name > '=' > expr;
auto const example_item_def = as_of | expectation | example_scores | assignment;
auto const example_decl_def = kw("example") > text > '{' > *example_item > end_of_example;
auto const end_of_example_def = lit('}');

auto const on_or_off_def = repeat(1)[kws("on") | kws("off")];
auto const blind_setting_def = kws("blind") > on_or_off;
auto const vacancy_item_def =
    let_decl | section | include_decl | flag_decl | shortlist_decl | example_decl | blind_setting;
auto const vacancy_def = kw("vacancy") > vacancy_id > text > '{' > *vacancy_item > end_of_vacancy;
auto const end_of_vacancy_def = lit('}');

auto const item_def = use_decl | field_decl | let_decl | section | vacancy;
auto const end_of_file_def = x3::eoi;
auto const file_rule_def = *item > end_of_file;

skipper_type const skipper_rule = "whitespace";
// A comment runs to the next '\n' (a lone '\r' does not end it), as the formatter reads it.
auto const skipper_rule_def = x3::char_(" \t\r\n\f\v") | lexeme['#' >> *(x3::char_ - '\n')];

// Split in two: the macro takes at most 64 rules.
BOOST_SPIRIT_DEFINE(name, signed_number_text, range, domain_values, escaped, satisfies,
                    missing_word, element_type, type_members, one_number, one_name, names, numbers,
                    tie_rule, one_date, policy_settings, call_option, tie_keys, tie_break, expected,
                    vacancy_id, closing_quote, text, number_text, date_text, duration_unit, literal,
                    path, call, collection, record_entry, record_literal, group, negation, not_test,
                    quantifier, unary_operand, primary, product_step, sum_step, comparison_step,
                    and_step, or_step, where_step)
BOOST_SPIRIT_DEFINE(product, sum, comparison, not_level, conjunction, disjunction, expr, type,
                    type_member, use_decl, field_decl, let_decl, criterion_setting, requirement,
                    clause, criterion, criteria, section, end_of_section, include_decl, flag_decl,
                    policy_setting, shortlist_decl, as_of, verdict, expectation, example_scores,
                    assignment, example_item, example_decl, end_of_example, vacancy_item, vacancy,
                    end_of_vacancy, item, end_of_file, file_rule, skipper_rule, blind_setting,
                    on_or_off)

}  // namespace sift::rules::grammar
