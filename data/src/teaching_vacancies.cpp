#include "teaching_vacancies.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <vector>

#include "decode.hpp"
#include "record_builder.hpp"
#include "sift/data/error.hpp"
#include "sift/rules/value.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::string json_list(std::vector<std::string> const& items) {
  return fmt::format("[{}]", fmt::join(items, ","));
}

// Whether a value says anything: null, "", [] and {} do not.
bool says_something(element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      return false;
    case simdjson::dom::element_type::STRING:
      return !is_blank(value.get_string().value_unsafe());
    case simdjson::dom::element_type::ARRAY:
      return value.get_array().value_unsafe().size() != 0;
    case simdjson::dom::element_type::OBJECT:
      return value.get_object().value_unsafe().size() != 0;
    default:
      return true;
  }
}

// A member's text, if it says something; a problem if it is not a text.
std::optional<std::string_view> text_of(object o, std::string_view key, std::string const& where,
                                        std::vector<std::string>& problems) {
  element value;
  if (o.at_key(key).get(value) || !says_something(value)) return std::nullopt;
  if (!value.is_string()) {
    problems.push_back(
        fmt::format("{}{} is {}, expected a text", where, key, describe_json(value)));
    return std::nullopt;
  }
  return value.get_string().value_unsafe();
}

std::optional<bool> bool_of(object o, std::string_view key, std::string const& where,
                            std::vector<std::string>& problems) {
  element value;
  if (o.at_key(key).get(value) || value.is_null()) return std::nullopt;
  if (!value.is_bool()) {
    problems.push_back(
        fmt::format("{}{} is {}, expected true or false", where, key, describe_json(value)));
    return std::nullopt;
  }
  return value.get_bool().value_unsafe();
}

// A whole number given as a number or as a text of digits ("2023"), as Teaching Vacancies
// stores years both ways.
std::optional<std::int64_t> number_of(object o, std::string_view key, std::string const& where,
                                      std::vector<std::string>& problems) {
  element value;
  if (o.at_key(key).get(value) || !says_something(value)) return std::nullopt;
  if (value.is_int64()) return value.get_int64().value_unsafe();
  if (value.is_string()) {
    auto const text = value.get_string().value_unsafe();
    if (!text.empty() && text.size() <= 9 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::stoll(std::string(text));
  }
  problems.push_back(
      fmt::format("{}{} is {}, expected a whole number", where, key, describe_json(value)));
  return std::nullopt;
}

std::optional<rules::Date> date_of(object o, std::string_view key, std::string const& where,
                                   std::vector<std::string>& problems) {
  auto const text = text_of(o, key, where, problems);
  if (!text) return std::nullopt;
  auto const date = rules::parse_date(*text);
  if (!date)
    problems.push_back(
        fmt::format("{}{} is \"{}\", expected a date (YYYY-MM-DD)", where, key, *text));
  return date;
}

std::string date_json(rules::Date date) {
  return json_string(rules::format_date(date));
}

// Teaching Vacancies asks employment dates to the month and stores them as the 1st: they are
// partial dates, "2019-08", not the 1st of August (which would make every change of job look
// like a month's gap, or the 1st an invented day).
std::string month_json(rules::Date first) {
  return json_string(rules::format_date(first).substr(0, 7));
}

// The UK date of a UTC timestamp ("2026-10-20T23:42:11Z"): British Summer Time runs from 01:00
// UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October, so a late-evening
// submission in summer falls on the next UTC day.
std::optional<rules::Date> london_date(std::string_view stamp) {
  if (stamp.size() < 20 || stamp[10] != 'T') return std::nullopt;
  auto const day = rules::parse_date(stamp.substr(0, 10));
  auto const digits = [&](std::size_t at) -> int {
    if (at + 2 > stamp.size() || !std::isdigit(static_cast<unsigned char>(stamp[at])) ||
        !std::isdigit(static_cast<unsigned char>(stamp[at + 1])))
      return -1;
    return (stamp[at] - '0') * 10 + (stamp[at + 1] - '0');
  };
  int const hour = digits(11);
  int const minute = digits(14);
  if (!day || hour < 0 || hour > 23 || minute < 0 || minute > 59 || stamp[13] != ':') {
    return std::nullopt;
  }
  auto zone = stamp.substr(19);
  if (!zone.empty() && zone.front() == '.') {
    auto const end = zone.find_first_not_of("0123456789", 1);
    zone = end == std::string_view::npos ? std::string_view() : zone.substr(end);
  }
  int offset = 0;  // minutes east of UTC
  if (zone == "Z" || zone == "+00:00") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int const h = digits(stamp.size() - 5);
    int const m = digits(stamp.size() - 2);
    if (h < 0 || m < 0) return std::nullopt;
    offset = (zone[0] == '+' ? 1 : -1) * (h * 60 + m);
  } else {
    return std::nullopt;
  }
  std::int64_t const utc = std::int64_t{day->days} * 1440 + hour * 60 + minute - offset;
  auto const last_sunday = [](int year, unsigned month) {
    auto const last = rules::make_date(year, month, 31);
    int const weekday = (last.days % 7 + 7 + 4) % 7;  // 1970-01-01 was a Thursday; 0 is Sunday
    return std::int64_t{last.days - weekday} * 1440 + 60;
  };
  int const year = std::stoi(std::string(stamp.substr(0, 4)));
  bool const summer = utc >= last_sunday(year, 3) && utc < last_sunday(year, 10);
  auto const local = utc + (summer ? 60 : 0);
  return rules::Date{static_cast<std::int32_t>((local >= 0 ? local : local - 1439) / 1440)};
}

// The text of the rich-text statement: tags removed, paragraphs and breaks kept as line ends,
// the common character references decoded.
std::string text_of_html(std::string_view html) {
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      auto const end = html.find('>', i);
      if (end == std::string_view::npos) break;
      auto tag = html.substr(i + 1, end - i - 1);
      std::string name;
      for (char c : tag.substr(tag.starts_with('/') ? 1 : 0)) {
        if (!std::isalnum(static_cast<unsigned char>(c))) break;
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      bool const block = name == "br" || name == "div" || name == "p" || name == "li" ||
                         name == "h1" || name == "h2" || name == "h3" || name == "ul" ||
                         name == "ol" || name == "blockquote";
      if (block && !out.empty() && out.back() != '\n') out += '\n';
      i = end + 1;
      continue;
    }
    if (html[i] == '&') {
      auto const end = html.find(';', i);
      if (end != std::string_view::npos && end - i <= 10) {
        auto const entity = html.substr(i + 1, end - i - 1);
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> named = {
            {{"amp", "&"},
             {"lt", "<"},
             {"gt", ">"},
             {"quot", "\""},
             {"apos", "'"},
             {"#39", "'"},
             {"nbsp", " "}}};
        auto const found = std::find_if(named.begin(), named.end(),
                                        [&](auto const& pair) { return pair.first == entity; });
        if (found != named.end()) {
          out += found->second;
          i = end + 1;
          continue;
        }
      }
    }
    out += html[i++];
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

// Qualification levels of format v1.1, from a Teaching Vacancies category and the words of the
// qualification's name and subject.
std::optional<std::string_view> level_of(std::string_view category, std::string words) {
  words = lower_ascii(std::move(words));
  auto const says = [&](std::string_view word) {
    for (auto at = words.find(word); at != std::string::npos; at = words.find(word, at + 1)) {
      bool const starts = at == 0 || !std::isalpha(static_cast<unsigned char>(words[at - 1]));
      auto const after = at + word.size();
      bool const ends =
          after == words.size() || !std::isalpha(static_cast<unsigned char>(words[after]));
      if (starts && ends) return true;
    }
    return false;
  };
  if (category == "gcse" || category == "as_level" || category == "a_level") return category;
  if (category == "undergraduate") return says("bed") || says("with qts") ? "qts_degree" : "degree";
  if (category == "postgraduate") {
    if (says("pgce")) return "pgce";
    if (says("pgde")) return "pgde";
    if (says("phd") || says("edd") || says("doctorate")) return "doctorate";
    if (says("ma") || says("msc") || says("med") || says("mres") || says("masters") ||
        says("master's"))
      return "masters";
    return "other";
  }
  if (category == "other") return says("scitt") ? "scitt" : "other";
  return std::nullopt;
}

// The Teaching Vacancies columns the mapping reads. Anything else an application holds is left
// out and counted.
std::set<std::string_view> const mapped_columns = {
    "id",
    "vacancy_id",
    "submitted_at",
    "first_name",
    "last_name",
    "email_address",
    "phone_number",
    "qualified_teacher_status",
    "qualified_teacher_status_year",
    "teacher_reference_number",
    "is_statutory_induction_complete",
    "has_right_to_work_in_uk",
    "has_safeguarding_issue",
    "qualifications",
    "employments",
    "referees",
    "training_and_cpds",
    "personal_statement_richtext",
    "self_disclosure_request",
    "disability",
    "age",
    "gender",
    "gender_description",
    "orientation",
    "orientation_description",
    "ethnicity",
    "ethnicity_description",
    "religion",
    "religion_description",
};

// Equality-monitoring age bands, as Sift's impact report names them.
std::optional<std::string_view> age_band(std::string_view age) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> bands = {
      {{"under_twenty_five", "under 25"},
       {"twenty_five_to_twenty_nine", "25-29"},
       {"thirty_to_thirty_nine", "30-39"},
       {"forty_to_forty_nine", "40-49"},
       {"fifty_to_fifty_nine", "50-59"},
       {"sixty_and_over", "60+"}}};
  auto const found =
      std::find_if(bands.begin(), bands.end(), [&](auto const& band) { return band.first == age; });
  if (found == bands.end()) return std::nullopt;
  return found->second;
}

class TeachingVacanciesSource final : public RecordSource {
 public:
  TeachingVacanciesSource(std::istream& input, std::string name, std::string vacancy)
      : name_(std::move(name)), vacancy_(std::move(vacancy)) {
    std::string text;
    std::array<char, 1 << 16> chunk{};
    while (input.read(chunk.data(), chunk.size()) || input.gcount() > 0) {
      std::string_view const read(chunk.data(), static_cast<std::size_t>(input.gcount()));
      // Refused at once, not after reading it all: what is not a JSON object, or binary.
      if (read.find('\0') != std::string_view::npos)
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: a NUL byte: this is a binary file, not a Teaching Vacancies "
                                "document; nothing imported",
                                name_));
      text.append(read);
      if (auto const first = text.find_first_not_of(" \t\r\n");
          first != std::string::npos && text[first] != '{')
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: not a Teaching Vacancies document: expected an object whose "
                                "job_applications is a list; nothing imported",
                                name_));
      if (text.size() > largest_teaching_vacancies_document)
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: larger than {} MiB: not one vacancy's applications; nothing "
                                "imported",
                                name_, largest_teaching_vacancies_document >> 20));
    }
    if (input.bad()) throw Error(ErrorKind::io, fmt::format("{}: cannot read the input", name_));
    element document;
    if (auto const error = parser_.parse(text).get(document))
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}: not a JSON document ({}); nothing imported", name_,
                              simdjson::error_message(error)));
    if (!document.is_object() || document.at_key("job_applications").get(applications_))
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}: not a Teaching Vacancies document: expected an object whose "
                              "job_applications is a list; nothing imported",
                              name_));
    element vacancy_document;
    if (!document.at_key("vacancy").get(vacancy_document) && vacancy_document.is_object()) {
      std::string_view id;
      if (!vacancy_document.at_key("id").get(id)) source_vacancy_ = id;
    }
    content = applications_.size() > 0;
  }

  bool next(std::string& text, std::size_t& line, std::vector<std::string>& problems) override {
    if (index_ >= applications_.size()) return false;
    current_ = applications_.at(index_).value_unsafe();
    line = ++index_;
    problems_.clear();
    text.clear();
    if (current_.is_object())
      text = convert(current_.get_object().value_unsafe());
    else
      problems_.push_back("a job application is not an object");
    problems.swap(problems_);
    return true;
  }

  void write_reject(std::ostream& rejects, std::string const&) override {
    rejects << simdjson::minify(current_) << '\n';
  }

  std::string place() const override {
    std::string_view id;
    if (current_.is_object() && !current_.at_key("id").get(id))
      return fmt::format("job_applications[{}] (id {})", index_ - 1, id);
    return fmt::format("job_applications[{}]", index_ - 1);
  }

  std::map<std::string, std::size_t> left_out() const override { return left_out_; }

 private:
  std::string convert(object app) {
    RecordBuilder record;
    auto const text = [&](object o, std::string_view key, std::string const& where = {}) {
      return text_of(o, key, where, problems_);
    };
    auto const flag = [&](object o, std::string_view key, std::string const& where = {}) {
      return bool_of(o, key, where, problems_);
    };
    if (auto id = text(app, "id")) record.set("ref", json_string(*id));
    record.set("vacancy", json_string(vacancy_));
    if (auto applied_to = text(app, "vacancy_id");
        applied_to && !source_vacancy_.empty() && *applied_to != source_vacancy_)
      problems_.push_back(
          fmt::format("vacancy_id is {}, not the document's vacancy {}: one document, one vacancy",
                      *applied_to, source_vacancy_));
    if (auto submitted = text(app, "submitted_at")) {
      if (auto const date = london_date(*submitted))
        record.set("submitted", date_json(*date));
      else
        problems_.push_back(fmt::format(
            "submitted_at is \"{}\", expected a UTC timestamp (2026-10-20T19:42:11Z)", *submitted));
    }

    // The Teacher Reference Number identifies the person as surely as a name: it is kept with
    // the identity, apart from what the rules and a blind panel read.
    RecordBuilder personal;
    for (auto [from, to] : std::array<std::pair<std::string_view, std::string_view>, 5>{
             {{"first_name", "first_name"},
              {"last_name", "last_name"},
              {"email_address", "email"},
              {"phone_number", "phone"},
              {"teacher_reference_number", "trn"}}})
      if (auto value = text(app, from)) personal.set(to, json_string(*value));
    if (!personal.empty()) record.set("personal", personal.json());

    if (auto status = text(app, "qualified_teacher_status")) {
      if (*status == "yes") {
        record.set("qts", "true");
        record.set("qts_status", json_string("awarded"));
      } else if (*status == "on_track" || *status == "no" || *status == "non_teacher") {
        // On track is not QTS yet; the status says which, so a rule can accept it.
        record.set("qts", "false");
        record.set("qts_status", json_string(*status == "on_track" ? "on_track" : "no"));
      } else {
        problems_.push_back(fmt::format(
            "qualified_teacher_status is \"{}\", expected yes, no, on_track or non_teacher",
            *status));
      }
    }
    // The year alone: a partial date, not an invented 1st of January.
    if (auto year = text(app, "qualified_teacher_status_year")) {
      if (year->size() == 4 && rules::parse_partial_date(*year))
        record.set("qts_awarded", json_string(*year));
      else
        problems_.push_back(
            fmt::format("qualified_teacher_status_year is \"{}\", expected a year", *year));
    }
    if (auto done = flag(app, "is_statutory_induction_complete"))
      record.set("induction_completed", (*done) ? "true" : "false");
    // The column means "has the right to work"; the form prints the inverse question.
    if (auto right = flag(app, "has_right_to_work_in_uk"))
      record.set("right_to_work", (*right) ? "true" : "false");

    record.set("qualifications", qualifications(app));
    employments(app, record);
    record.set("references", referees(app));
    record.set("cpd", training(app));
    record.set("declarations", declarations(app));
    if (auto statement = text(app, "personal_statement_richtext"))
      record.set("statement", json_string(text_of_html(*statement)));
    if (auto answers = monitoring(app); !answers.empty()) record.set("monitoring", answers.json());

    for (auto const [key, value] : app)
      if (!mapped_columns.contains(key) && says_something(value))
        left_out_here_.insert(std::string(key));
    for (auto const& key : left_out_here_)  // counted once per application
      ++left_out_[key];
    left_out_here_.clear();
    return record.json();
  }

  // Iterates a list member's objects with where each is ("qualifications[2].").
  template <typename Each>
  void each_object(object app, std::string_view key, Each each) {
    element list;
    if (app.at_key(key).get(list) || list.is_null()) return;
    if (!list.is_array()) {
      problems_.push_back(fmt::format("{} is not a list", key));
      return;
    }
    std::size_t i = 0;
    simdjson::dom::array const items = list.get_array().value_unsafe();  // kept: the loop uses it
    for (element item : items) {
      auto const where = fmt::format("{}[{}].", key, i++);
      if (!item.is_object()) {
        problems_.push_back(fmt::format("{} is not an object", where.substr(0, where.size() - 1)));
        continue;
      }
      each(item.get_object().value_unsafe(), where);
    }
  }

  // Notes the members of a mapped object that the mapping does not read ("referees[].email").
  void note_left_out(object o, std::string_view prefix, std::set<std::string_view> const& read) {
    for (auto const [key, value] : o)
      if (!read.contains(key) && says_something(value))
        left_out_here_.insert(fmt::format("{}{}", prefix, key));
  }

  std::string qualifications(object app) {
    std::vector<std::string> rows;
    each_object(app, "qualifications", [&](object q, std::string const& where) {
      note_left_out(q, "qualifications[].",
                    {"category", "name", "subject", "grade", "year", "finished_studying",
                     "qualification_results"});
      auto const category = text_of(q, "category", where, problems_);
      if (!category) {
        problems_.push_back(fmt::format("{}category is missing", where));
        return;
      }
      auto const name = text_of(q, "name", where, problems_);
      auto const subject = text_of(q, "subject", where, problems_);
      auto const level =
          level_of(*category, fmt::format("{} {}", name.value_or(""), subject.value_or("")));
      if (!level) {
        problems_.push_back(fmt::format(
            "{}category is \"{}\", expected gcse, as_level, a_level, undergraduate, postgraduate "
            "or other",
            where, *category));
        return;
      }
      auto const year = number_of(q, "year", where, problems_);
      auto const finished = bool_of(q, "finished_studying", where, problems_);
      auto const row = [&](std::optional<std::string_view> subject_text,
                           std::optional<std::string_view> grade) {
        RecordBuilder out;
        out.set("level", json_string(*level));
        if (subject_text) out.set("subject", json_string(*subject_text));
        out.set("grade", grade ? json_string(*grade) : "null");
        if (year) out.set("year", std::to_string(*year));
        if (finished) out.set("in_progress", (!*finished) ? "true" : "false");
        rows.push_back(out.json());
      };
      // Secondary qualifications carry one result per subject: one row each.
      bool has_results = false;
      each_object(q, "qualification_results", [&](object result, std::string const& inner) {
        has_results = true;
        auto const result_where = where + inner;
        row(text_of(result, "subject", result_where, problems_),
            text_of(result, "grade", result_where, problems_));
      });
      if (!has_results) row(subject ? subject : name, text_of(q, "grade", where, problems_));
    });
    return json_list(rows);
  }

  void employments(object app, RecordBuilder& record) {
    std::vector<std::string> jobs;
    std::vector<std::string> breaks;
    each_object(app, "employments", [&](object e, std::string const& where) {
      note_left_out(e, "employments[].",
                    {"employment_type", "organisation", "job_title", "started_on", "ended_on",
                     "is_current_role", "reason_for_leaving", "reason_for_break"});
      auto const type = text_of(e, "employment_type", where, problems_).value_or("job");
      auto const start = date_of(e, "started_on", where, problems_);
      auto const ended = date_of(e, "ended_on", where, problems_);
      bool const current = bool_of(e, "is_current_role", where, problems_).value_or(false);
      RecordBuilder out;
      if (type == "job") {
        if (auto v = text_of(e, "organisation", where, problems_))
          out.set("employer", json_string(*v));
        if (auto v = text_of(e, "job_title", where, problems_)) out.set("role", json_string(*v));
      } else if (type != "break" && type != "education_gap") {
        problems_.push_back(fmt::format(
            "{}employment_type is \"{}\", expected job, break or education_gap", where, type));
        return;
      }
      if (start) out.set("start", month_json(*start));
      if (current)
        out.set("end", "null");
      else if (ended)
        out.set("end", month_json(*ended));
      if (type == "job") {
        if (auto v = text_of(e, "reason_for_leaving", where, problems_))
          out.set("reason_for_leaving", json_string(*v));
        jobs.push_back(out.json());
      } else {
        auto const reason = text_of(e, "reason_for_break", where, problems_);
        out.set("reason", json_string(reason.value_or(type == "break" ? "break" : "education")));
        breaks.push_back(out.json());
      }
    });
    record.set("employment", json_list(jobs));
    record.set("breaks", json_list(breaks));
  }

  std::string referees(object app) {
    std::vector<std::string> rows;
    each_object(app, "referees", [&](object r, std::string const& where) {
      note_left_out(r, "referees[].", {"job_title", "is_most_recent_employer"});
      RecordBuilder out;
      if (auto role = text_of(r, "job_title", where, problems_))
        out.set("role", json_string(*role));
      // Teaching Vacancies means the current or most recent employer.
      if (auto current = bool_of(r, "is_most_recent_employer", where, problems_))
        out.set("current_employer", (*current) ? "true" : "false");
      rows.push_back(out.json());
    });
    return json_list(rows);
  }

  std::string training(object app) {
    std::vector<std::string> rows;
    each_object(app, "training_and_cpds", [&](object t, std::string const& where) {
      note_left_out(t, "training_and_cpds[].", {"name", "provider", "year_awarded"});
      RecordBuilder out;
      if (auto name = text_of(t, "name", where, problems_)) out.set("name", json_string(*name));
      auto const provider = text_of(t, "provider", where, problems_);
      out.set("provider", provider ? json_string(*provider) : "null");
      if (auto year = number_of(t, "year_awarded", where, problems_))
        out.set("year", std::to_string(*year));
      rows.push_back(out.json());
    });
    return json_list(rows);
  }

  // At application only the one safeguarding question; the three specific declarations come
  // with the self-disclosure after shortlisting, if the document holds it. Spent convictions
  // are never read (Rehabilitation of Offenders Act 1974).
  std::string declarations(object app) {
    RecordBuilder out;
    if (auto issue = bool_of(app, "has_safeguarding_issue", {}, problems_))
      out.set("safeguarding_issue", (*issue) ? "true" : "false");
    element request;
    element disclosure;
    if (!app.at_key("self_disclosure_request").get(request) && request.is_object() &&
        !request.at_key("self_disclosure").get(disclosure) && disclosure.is_object()) {
      auto const d = disclosure.get_object().value_unsafe();
      std::string const where = "self_disclosure_request.self_disclosure.";
      note_left_out(d, "self_disclosure_request.self_disclosure.",
                    {"is_barred", "has_unspent_convictions", "has_been_disciplined",
                     "has_been_dismissed", "has_been_disciplined_by_regulatory_body"});
      if (auto barred = bool_of(d, "is_barred", where, problems_))
        out.set("on_barred_list", (*barred) ? "true" : "false");
      if (auto unspent = bool_of(d, "has_unspent_convictions", where, problems_))
        out.set("unspent_convictions", (*unspent) ? "true" : "false");
      // Disciplined, dismissed or disciplined by a regulator: yes if any is yes, no only when
      // all three say no.
      std::optional<bool> any = false;
      for (auto key : {"has_been_disciplined", "has_been_dismissed",
                       "has_been_disciplined_by_regulatory_body"}) {
        auto const answer = bool_of(d, key, where, problems_);
        if (answer == true) any = true;
        if (!answer && any == false) any.reset();
        if (any == true) break;
      }
      if (any) out.set("disciplinary", (*any) ? "true" : "false");
    }
    return out.json();
  }

  RecordBuilder monitoring(object app) {
    RecordBuilder out;
    auto const answer = [&](std::string_view key) -> std::optional<std::string_view> {
      auto const value = text_of(app, key, {}, problems_);
      if (!value || *value == "prefer_not_to_say") return std::nullopt;
      return value;
    };
    if (auto disability = answer("disability")) {
      if (*disability == "yes" || *disability == "no")
        out.set("disability", (*disability == "yes") ? "true" : "false");
      else
        problems_.push_back(fmt::format(
            "disability is \"{}\", expected yes, no or prefer_not_to_say", *disability));
    }
    if (auto age = answer("age")) {
      if (auto band = age_band(*age))
        out.set("age_band", json_string(*band));
      else
        problems_.push_back(
            fmt::format("age is \"{}\", not one of Teaching Vacancies' bands", *age));
    }
    for (std::string_view key :
         {"gender", "gender_description", "orientation", "orientation_description", "ethnicity",
          "ethnicity_description", "religion", "religion_description"})
      if (auto value = answer(key)) out.set(key, json_string(*value));
    return out;
  }

  simdjson::dom::parser parser_;
  std::string name_;
  std::string vacancy_;
  std::string source_vacancy_;
  simdjson::dom::array applications_;
  std::size_t index_ = 0;
  element current_;
  std::vector<std::string> problems_;
  std::map<std::string, std::size_t> left_out_;
  std::set<std::string> left_out_here_;  // of the application in hand
};

}  // namespace

std::unique_ptr<RecordSource> teaching_vacancies_source(std::istream& input,
                                                        std::string const& name,
                                                        std::string const& vacancy) {
  if (vacancy.empty())
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: a Teaching Vacancies document needs --vacancy V, the Sift "
                            "vacancy its applications are for; nothing imported",
                            name));
  return std::make_unique<TeachingVacanciesSource>(input, name, vacancy);
}

}  // namespace sift::data
