// Importing applications from JSON Lines (docs/application-format.md).
//
// Three threads share the work in a pipeline: this one reads, parses and validates each line
// and prepares its rows; a hashing thread computes each record's SHA-256; a writer thread owns
// the SQLite connection and stores them. The stages cost roughly 6 : 2 : 7 seconds of CPU for a
// million applications; with hashing apart from validating, two cores share them with the
// writer (the bottleneck) rarely waiting. Batches pass through small bounded queues in order, so
// memory stays flat however long the input. The whole import is one transaction, committed only
// when every line is good (or the user asked to skip bad ones).
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "bulk_transaction.hpp"
#include "csv.hpp"
#include "csv_applications.hpp"
#include "decode.hpp"
#include "json_spans.hpp"
#include "record_source.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/fact_values.hpp"
#include "sift/data/ledger.hpp"
#include "sift/data/specifications.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"
#include "sift/rules/packed_values.hpp"
#include "storage_error.hpp"
#include "teaching_vacancies.hpp"
#include "text.hpp"
#include "workbook_source.hpp"

namespace sift::data {

namespace {

using simdjson::dom::element;

// One valid application, ready to store.
struct Staged {
  std::size_t line = 0;
  std::string vacancy;
  std::string ref;
  std::string record;  // the line as received, whose hash identifies the content
  std::string hash;
  std::string submitted;
  std::string facts;       // the record less the parts kept apart
  std::string values;      // the facts as packed values (rules/packed_values.hpp)
  int values_version = 0;  // of the specification they were read under
  std::string facts_hash;  // of the facts and values as stored: verify finds them edited by it
  std::string personal;    // JSON, or empty
  std::string statement;   // text
  bool has_statement = false;
  std::string monitoring;   // JSON, or empty
  bool readmitted = false;  // erased before, imported again on the operator's word
};

constexpr std::size_t batch_size = 512;
constexpr std::size_t batches_in_flight = 4;

// Applications travel to the writer in batches, and each written batch travels back to be
// filled again: the strings keep their capacity, so a record costs no allocation (allocating
// on one thread and freeing on the other was a fifth of the import's time).
struct Batch {
  std::vector<Staged> records = std::vector<Staged>(batch_size);
  std::size_t size = 0;
};

// Keys of a record that are stored apart from the facts the rules read.
bool stored_apart(std::string_view key) {
  return key == "personal" || key == "statement" || key == "monitoring";
}

// Keys every record may hold besides the form's fields: who and what it is, and the parts kept
// apart. Anything else is undeclared: refused, or dropped on request, never stored.
bool envelope(std::string_view key) {
  return key == "ref" || key == "vacancy" || key == "submitted" || stored_apart(key);
}

std::string text_field(element record, char const* key, std::string& out) {
  element value;
  if (record.at_key(key).get(value)) return fmt::format("field '{}' is missing", key);
  if (!value.is_string())
    return fmt::format("{} is {}, expected a text", key, describe_json(value));
  out.assign(value.get_string().value_unsafe());
  if (out.empty()) return fmt::format("{} is empty", key);
  if (out.size() > 200) return fmt::format("{} is longer than 200 characters", key);
  for (unsigned char const c : out)
    if (c < 0x20 || c == 0x7f) return fmt::format("{} contains a control character", key);
  return {};
}

// Parses and validates lines against the declared form of their vacancy.
class Validator {
 public:
  // Every vacancy's form is loaded before the writer starts, so that only the writer thread
  // ever uses the database connection.
  Validator(Database& db, bool drop_undeclared) : drop_undeclared_(drop_undeclared) {
    Vacancies vacancies(db);
    for (auto const& vacancy : vacancies.list()) {
      auto& form = forms_[vacancy.id];
      auto const stored = vacancies.specification(vacancy.id);
      form.version = stored.version;
      form.specification = checked_specification(
          stored.sources, fmt::format("the stored specification of vacancy '{}'", vacancy.id));
      for (auto const& field : form.specification.fields)
        form.field_named.emplace(field.name, &field);
    }
  }

  rules::Specification const* form(std::string const& vacancy) const {
    auto const found = forms_.find(vacancy);
    return found == forms_.end() ? nullptr : &found->second.specification;
  }

  // Validates one line into `staged`. Returns false, with every problem found, for a bad line.
  bool line(std::string& text, std::size_t line_number, Staged& staged,
            std::vector<std::string>& problems) {
    problems.clear();
    auto const refuse = [&](std::string problem) {
      problems.push_back(std::move(problem));
      return false;
    };
    if (text.capacity() < text.size() + simdjson::SIMDJSON_PADDING)
      text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    staged.personal.clear();
    staged.statement.clear();
    staged.has_statement = false;
    staged.submitted.clear();
    staged.monitoring.clear();
    element record;
    if (auto const error = parser_.parse(text.data(), text.size(), false).get(record)) {
      if (error == simdjson::UTF8_ERROR) return refuse("the line is not valid UTF-8");
      if (error == simdjson::NUMBER_ERROR || error == simdjson::NUMBER_OUT_OF_RANGE) {
        auto const where = locate_bad_number(text);
        return refuse(
            fmt::format("{} is a number too large to read", where.empty() ? "a value" : where));
      }
      return refuse(fmt::format("the line is not valid JSON ({})", simdjson::error_message(error)));
    }
    if (!record.is_object())
      return refuse(fmt::format("the line is {}, not an object (one application per line)",
                                describe_json(record)));
    if (auto problem = text_field(record, "ref", staged.ref); !problem.empty())
      return refuse(std::move(problem));
    if (auto problem = text_field(record, "vacancy", staged.vacancy); !problem.empty())
      return refuse(std::move(problem));
    auto const form = forms_.find(staged.vacancy);
    if (form == forms_.end())
      return refuse(
          fmt::format("vacancy '{}' is not in the database; add its specification first with "
                      "'sift vacancy add'",
                      staged.vacancy));
    auto const [seen, first] = form->second.line_of_ref.emplace(staged.ref, line_number);
    if (!first)
      return refuse(fmt::format("ref {} already appears on line {}", staged.ref, seen->second));

    // One pass over the record's members (a declared field that is absent is missing evidence),
    // noting every problem, not only the first.
    simdjson::dom::object const members = record.get_object().value_unsafe();  // an object, above
    keys_.clear();
    checking_.problems.clear();
    checking_.undeclared.clear();
    trimmed_.clear();
    auto const& fields = form->second.specification.fields;
    values_.resize(fields.size());
    read_.assign(fields.size(), false);
    for (auto const [key, value] : members) {
      keys_.push_back(key);
      auto const field = form->second.field_named.find(key);
      if (field == form->second.field_named.end() && !envelope(key))
        checking_.undeclared.emplace_back(key);
      if (field != form->second.field_named.end()) {
        auto const undeclared_before = checking_.undeclared.size();
        auto const problems_before = checking_.problems.size();
        // Read into values as it is checked, except what is stored apart (the statement).
        auto const slot = static_cast<std::size_t>(field->second - fields.data());
        bool const packed = !stored_apart(key);
        read_[slot] = packed;
        auto problem = decode(value, field->second->type, JsonPath{nullptr, key},
                              packed ? &values_[slot] : nullptr, &checking_);
        if (!problem.empty() && checking_.problems.size() == problems_before)
          checking_.problems.push_back(std::move(problem));
        // A declared field holding undeclared members is stored less them, if they are dropped.
        if (checking_.undeclared.size() != undeclared_before) {
          std::string declared;
          write_declared(value, field->second->type, declared);
          trimmed_.emplace(key, std::move(declared));
        }
      }
      if ((key == "personal" || key == "monitoring") && !value.is_object() && !value.is_null())
        checking_.problems.push_back(
            fmt::format("{} is {}, expected an object", key, describe_json(value)));
      if (key == "statement" && value.is_string()) {
        staged.statement.assign(value.get_string().value_unsafe());
        staged.has_statement = true;
      }
      if (key == "submitted" && value.is_string())
        staged.submitted.assign(value.get_string().value_unsafe());
    }

    // Two programs read a repeated key differently (the first wins here, the last in Python):
    // a record must say each thing once.
    std::sort(keys_.begin(), keys_.end());
    if (auto const twice = std::adjacent_find(keys_.begin(), keys_.end()); twice != keys_.end())
      checking_.problems.push_back(
          fmt::format("the key '{}' appears twice in this record; say each thing once", *twice));
    if (!checking_.undeclared.empty() && !drop_undeclared_) {
      std::sort(checking_.undeclared.begin(), checking_.undeclared.end());
      checking_.problems.push_back(fmt::format(
          "{} not declared by the form of vacancy '{}': {} (nothing undeclared is stored; "
          "--drop-undeclared drops such keys and imports the rest)",
          checking_.undeclared.size() == 1 ? "a key" : "keys", staged.vacancy,
          fmt::join(checking_.undeclared, ", ")));
    }
    if (!checking_.problems.empty()) {
      problems.swap(checking_.problems);
      return false;
    }
    for (auto const& key : checking_.undeclared)  // the record is good: they are dropped
      ++dropped_[key];
    for (std::size_t slot = 0; slot < values_.size(); ++slot)
      if (!read_[slot]) values_[slot].data = rules::Unknown{};  // absent: missing
    staged.values.clear();
    rules::pack_values(values_, staged.values);
    staged.values_version = form->second.version;

    // The facts are the record's own declared members, as written, less the parts kept apart.
    std::string_view const raw(text);
    staged.facts = "{";
    for (auto const& member : object_members(raw)) {
      auto const key = decoded_key(member.key);
      if (form->second.field_named.find(key) == form->second.field_named.end() && !envelope(key))
        continue;  // undeclared: dropped (a record holding one was refused above otherwise)
      // A null carries nothing personal: it stays in the facts, so the record round-trips.
      if (member.value != "null") {
        if (member.key == "personal") staged.personal.assign(member.value);
        if (member.key == "monitoring") staged.monitoring.assign(member.value);
        if (stored_apart(member.key)) continue;
      }
      if (staged.facts.size() > 1) staged.facts += ',';
      if (auto const trimmed = trimmed_.find(key); trimmed != trimmed_.end())
        staged.facts.append(1, '"').append(key).append("\":").append(trimmed->second);
      else
        staged.facts.append(raw.substr(member.begin, member.end - member.begin));
    }
    staged.facts += '}';
    // The record moves into the batch without a copy; `text` takes the batch's old buffer.
    std::swap(staged.record, text);
    staged.line = line_number;
    return true;
  }

 private:
  simdjson::dom::parser parser_;
  // A vacancy's declared form, with its fields by name for one pass over each record.
  struct Form {
    rules::Specification specification;
    int version = 0;
    std::unordered_map<std::string_view, rules::Field const*> field_named;
    std::unordered_map<std::string, std::size_t> line_of_ref;  // in this import, to find repeats
  };
  std::map<std::string, Form> forms_;
  // A member's key as JSON means it: the span keeps escapes as written ("q\u0074s" is qts).
  std::string_view decoded_key(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return raw;
    key_text_ = "\"";
    key_text_.append(raw);
    key_text_ += '"';
    std::string_view key;
    if (key_parser_.parse(key_text_).get(key)) return raw;
    return key;
  }

  bool drop_undeclared_;
  std::vector<std::string_view> keys_;  // of the record in hand (reused)
  Checking checking_;                   // of the record in hand (reused)
  // The record in hand as values, by slot, and which slots it gave (reused, texts and lists
  // included, from record to record).
  std::vector<rules::Value> values_;
  std::vector<bool> read_;
  // The record's declared fields that held undeclared members, written without them.
  std::map<std::string_view, std::string> trimmed_;
  simdjson::dom::parser key_parser_;  // for keys written with escapes
  std::string key_text_;
  std::map<std::string, std::size_t> dropped_;

 public:
  // Undeclared keys dropped from the records that were good, and from how many each.
  std::map<std::string, std::size_t> const& dropped() const { return dropped_; }
};

// Stores prepared applications: a new version unless the latest one has the same content.
class Writer {
 public:
  Writer(Database& database, std::string name)
      : database_(database),
        db_(database.connection()),
        name_(std::move(name)),
        latest_(db_,
                "SELECT version, sha256 FROM application WHERE vacancy_id = ? AND ref = ? "
                "ORDER BY version DESC LIMIT 1"),
        insert_(db_,
                "INSERT INTO application (vacancy_id, ref, version, sha256, submitted, facts, "
                "imported_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        values_(db_,
                "INSERT INTO application_values (application_id, facts_sha256, values_version, "
                "facts_values) VALUES (?, ?, ?, ?)"),
        identity_(db_,
                  "INSERT INTO identity (application_id, personal, statement) VALUES (?, ?, ?)"),
        monitoring_(db_, "INSERT INTO monitoring (application_id, answers) VALUES (?, ?)"),
        readmission_(db_,
                     "INSERT INTO readmission (vacancy_id, ref, readmitted_at, readmitted_by) "
                     "VALUES (?, ?, ?, ?)"),
        now_(now_utc()) {}

  void readmitted_by(std::string by) { readmitted_by_ = std::move(by); }

  void write(Staged const& s, ImportSummary& summary) {
    if (s.readmitted) {
      readmission_.reset();
      readmission_.bindNoCopy(1, s.vacancy);
      readmission_.bindNoCopy(2, s.ref);
      readmission_.bindNoCopy(3, now_);
      readmission_.bindNoCopy(4, readmitted_by_);
      readmission_.exec();
      append_entry(database_, EntryKind::readmission, db_.getLastInsertRowid());
    }
    latest_.reset();
    latest_.bind(1, s.vacancy);
    latest_.bind(2, s.ref);
    int version = 0;
    if (latest_.executeStep()) {
      version = latest_.getColumn(0).getInt();
      // Readmitted, the same record is stored again: its erased details come back as a version.
      if (latest_.getColumn(1).getString() == s.hash && !s.readmitted) {
        ++summary.unchanged;
        return;
      }
    }
    ++(version == 0 ? summary.added : summary.new_versions);
    insert_.reset();
    // The staged strings outlive the statement's execution, so SQLite need not copy them.
    insert_.bindNoCopy(1, s.vacancy);
    insert_.bindNoCopy(2, s.ref);
    insert_.bind(3, version + 1);
    insert_.bindNoCopy(4, s.hash);
    if (s.submitted.empty())
      insert_.bind(5);
    else
      insert_.bindNoCopy(5, s.submitted);
    insert_.bindNoCopy(6, s.facts);
    insert_.bindNoCopy(7, now_);
    source_.assign(name_).append(1, ':').append(std::to_string(s.line));
    insert_.bindNoCopy(8, source_);
    insert_.exec();
    auto const id = db_.getLastInsertRowid();
    values_.reset();
    values_.bind(1, id);
    values_.bindNoCopy(2, s.facts_hash);
    values_.bind(3, s.values_version);
    values_.bindNoCopy(4, s.values.data(), static_cast<int>(s.values.size()));
    values_.exec();
    if (!s.personal.empty() || s.has_statement) {
      identity_.reset();
      identity_.bind(1, id);
      if (s.personal.empty())
        identity_.bind(2);
      else
        identity_.bindNoCopy(2, s.personal);
      if (s.has_statement)
        identity_.bindNoCopy(3, s.statement);
      else
        identity_.bind(3);
      identity_.exec();
    }
    if (!s.monitoring.empty()) {
      monitoring_.reset();
      monitoring_.bind(1, id);
      monitoring_.bindNoCopy(2, s.monitoring);
      monitoring_.exec();
    }
  }

 private:
  Database& database_;
  SQLite::Database& db_;
  std::string name_;
  SQLite::Statement latest_;
  SQLite::Statement insert_;
  SQLite::Statement values_;
  SQLite::Statement identity_;
  SQLite::Statement monitoring_;
  SQLite::Statement readmission_;
  std::string now_;
  std::string source_;
  std::string readmitted_by_;
};

// Batches from one stage of the pipeline to the next, at most `capacity` waiting at a time.
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the consumer has stopped (after a failure): stop producing.
  bool push(Batch batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  // False when the input is finished and every batch taken.
  bool pop(Batch& batch) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    batch = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  // Takes a batch if one is waiting, without waiting for one.
  bool try_pop(Batch& batch) {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return false;
    batch = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Batch> queue_;
  std::size_t capacity_;
  bool closed_ = false;
  bool stopped_ = false;
};

class JsonLinesSource final : public RecordSource {
  // A JSON Lines record is an object on one line. A file that opens with a list, or with an
  // object left open at the end of its line, is one JSON document over many lines: refused
  // whole and said so, rather than as one bad line after another.
  void refuse_whole_document(std::string_view first) const {
    first.remove_prefix(std::min(first.size(), first.find_first_not_of(" \t")));
    while (!first.empty() && (first.back() == ' ' || first.back() == '\t'))
      first.remove_suffix(1);
    bool const list = first.starts_with('[');
    if (!list && !(first.starts_with('{') && !first.ends_with('}'))) return;
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}:{}: the file is one JSON document ({}), not JSON Lines: Sift reads "
                            "one application object per line (jq -c '.[]' converts a list; a "
                            "Teaching Vacancies document takes --from teaching-vacancies); "
                            "nothing imported",
                            name_, line_, list ? "a list" : "an object written over many lines"));
  }

 public:
  JsonLinesSource(std::istream& input, std::string name) : input_(input), name_(std::move(name)) {}
  bool next(std::string& text, std::size_t& line, std::vector<std::string>& problems) override {
    problems.clear();
    while (std::getline(input_, text)) {
      line = ++line_;
      // No text file holds a NUL byte: this is a binary file (an image, a workbook, random
      // bytes), refused whole rather than as millions of bad lines.
      if (auto const nul = text.find('\0'); nul != std::string::npos)
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}:{}: a NUL byte at column {}: this is a binary file, not JSON "
                                "Lines; nothing imported",
                                name_, line_, nul + 1));
      if (line_ == 1 && text.starts_with("\xEF\xBB\xBF")) {
        content = true;
        problems.push_back(
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM");
        return true;
      }
      if (!text.empty() && text.back() == '\r') {
        content = true;
        problems.push_back(
            "the line ends with CR LF (Windows line ends); convert the file to LF line ends");
        return true;
      }
      if (is_blank(text)) continue;
      if (!content) refuse_whole_document(text);
      content = true;
      return true;
    }
    return false;
  }
  void write_reject(std::ostream& rejects, std::string const& text) override {
    rejects << text << '\n';
  }

 private:
  std::istream& input_;
  std::string name_;
  std::size_t line_ = 0;
};

class CsvSource final : public RecordSource {
 public:
  CsvSource(std::istream& input, std::string name, FormLookup forms)
      : reader_(input), name_(std::move(name)), forms_(std::move(forms)) {}
  bool next(std::string& text, std::size_t& line, std::vector<std::string>& problems) override {
    problems.clear();
    std::string problem;
    if (header_.empty()) {
      if (!reader_.next(header_, problem)) return false;
      content = true;
      for (auto& column : header_)
        column.erase(0, column.find_first_not_of(" \t"));
      auto header_problem = problem.empty() ? check_csv_header(header_) : problem;
      if (!header_problem.empty())
        throw Error(ErrorKind::invalid_input, fmt::format("{}:1: {}", name_, header_problem));
    }
    while (reader_.next(row_, problem)) {
      line = reader_.line();
      if (problem.empty() && row_.size() == 1 && row_.front().empty()) continue;  // blank
      if (problem.empty()) problem = csv_row_to_json(header_, row_, forms_, text);
      if (!problem.empty()) problems.push_back(std::move(problem));
      return true;
    }
    return false;
  }
  void write_reject(std::ostream& rejects, std::string const&) override {
    if (!header_written_) write_csv_record(rejects, header_);
    header_written_ = true;
    write_csv_record(rejects, row_);
  }

 private:
  CsvReader reader_;
  std::string name_;
  FormLookup forms_;
  std::vector<std::string> header_;
  std::vector<std::string> row_;
  bool header_written_ = false;
};

}  // namespace

namespace {

// Who was erased from each vacancy and not readmitted since, and when and by whom, as a message
// says it.
using Erasures = std::map<std::pair<std::string, std::string>, std::string>;

Erasures erasures(SQLite::Database& db) {
  Erasures out;
  SQLite::Statement query(db, R"sql(
    SELECT e.vacancy_id, e.ref, e.erased_at, e.erased_by FROM erasure e
    WHERE e.erased_at > coalesce((SELECT max(r.readmitted_at) FROM readmission r
                                  WHERE r.vacancy_id = e.vacancy_id AND r.ref = e.ref), '')
    ORDER BY e.erased_at)sql");
  while (query.executeStep())
    out[{query.getColumn(0).getString(), query.getColumn(1).getString()}] =
        fmt::format("on {} by {}", query.getColumn(2).getString(), query.getColumn(3).getString());
  return out;
}

// An erased applicant comes back only when the operator says so (and that is recorded).
bool admitted(Erasures const& erased, ImportOptions const& options, Staged& staged,
              std::vector<std::string>& problems) {
  auto const found = erased.find({staged.vacancy, staged.ref});
  staged.readmitted = found != erased.end();
  if (!staged.readmitted || !options.readmit_erased_by.empty()) return true;
  problems.push_back(fmt::format(
      "{}'s data was erased {}; importing them again needs --readmit-erased NAME, which is "
      "recorded",
      staged.ref, found->second));
  return false;
}

}  // namespace

ImportSummary Applications::import(std::istream& input, std::string const& name,
                                   ImportOptions const& options) try {
  Validator validator(db_, options.drop_undeclared);
  // The source is opened before the pipeline's threads start: a document it refuses whole
  // throws here, with nothing to stop.
  std::unique_ptr<RecordSource> source;
  switch (options.format) {
    case ApplicationsFormat::csv:
      source = std::make_unique<CsvSource>(
          input, name, [&](std::string const& vacancy) { return validator.form(vacancy); });
      break;
    case ApplicationsFormat::teaching_vacancies:
      source = teaching_vacancies_source(input, name, options.vacancy);
      break;
    case ApplicationsFormat::workbook:
    case ApplicationsFormat::csv_folder:
      source = workbook_source(
          options.format == ApplicationsFormat::workbook ? read_xlsx(name) : read_csv_folder(name),
          name, options.vacancy,
          [&](std::string const& vacancy) { return validator.form(vacancy); });
      break;
    case ApplicationsFormat::json_lines:
      source = std::make_unique<JsonLinesSource>(input, name);
      break;
  }
  BulkTransaction transaction(db_.connection());
  Writer writer(db_, name);
  writer.readmitted_by(options.readmit_erased_by);
  auto const erased = erasures(db_.connection());

  BatchQueue validated(batches_in_flight);
  BatchQueue hashed(batches_in_flight);
  // Never full: it holds at most the batches ever made, which the bounded queues limit.
  BatchQueue written_batches(std::numeric_limits<std::size_t>::max());
  std::thread hashing([&] {
    Batch batch;
    while (validated.pop(batch)) {
      for (std::size_t i = 0; i < batch.size; ++i) {
        auto& record = batch.records[i];
        record.hash = sha256_hex(record.record);  // same bytes, same hash
        record.facts_hash = facts_digest(record.facts, record.values, record.values_version);
      }
      if (!hashed.push(std::move(batch))) break;
    }
    validated.stop();  // if the writer failed, the validating stops too (harmless otherwise)
    hashed.close();
  });
  ImportSummary written;  // counted by the writer thread only
  std::exception_ptr failure;
  std::thread writing([&] {
    try {
      Batch batch;
      while (hashed.pop(batch)) {
        for (std::size_t i = 0; i < batch.size; ++i)
          writer.write(batch.records[i], written);
        batch.size = 0;
        written_batches.push(std::move(batch));
      }
    } catch (...) {
      failure = std::current_exception();
      hashed.stop();
    }
  });
  auto const finish_pipeline = [&] {
    validated.close();
    hashing.join();
    writing.join();
  };

  ImportSummary summary;
  std::string text;
  std::vector<std::string> problems;
  std::size_t line_number = 0;
  Batch batch;
  try {
    while (source->next(text, line_number, problems)) {
      if (problems.empty() &&
          validator.line(text, line_number, batch.records[batch.size], problems) &&
          admitted(erased, options, batch.records[batch.size], problems)) {
        if (++batch.size == batch_size) {
          bool const taken = validated.push(std::move(batch));
          if (!written_batches.try_pop(batch)) batch = Batch();
          if (!taken) break;  // the writer failed; its error is rethrown below
        }
        continue;
      }
      ++summary.rejected;
      for (auto& each : problems)
        list_problem(summary, {line_number, std::move(each), source->place()});
      if (options.rejects) source->write_reject(*options.rejects, text);
    }
    if (batch.size > 0) validated.push(std::move(batch));
  } catch (...) {
    validated.stop();
    finish_pipeline();
    throw;
  }
  finish_pipeline();
  if (failure) std::rethrow_exception(failure);

  if (input.bad()) throw Error(ErrorKind::io, fmt::format("{}: cannot read the input", name));
  if (options.rejects && !options.rejects->flush())
    throw Error(ErrorKind::io, fmt::format("{}: cannot write the rejected rows", name));
  if (!source->content)
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: the file is empty: no applications to import", name));
  summary.dropped = validator.dropped();
  for (auto const& [key, records] : source->left_out())
    summary.dropped[key] += records;
  summary.added = written.added;
  summary.new_versions = written.new_versions;
  summary.unchanged = written.unchanged;
  summary.read = summary.added + summary.new_versions + summary.unchanged + summary.rejected;
  finish_import(transaction, summary, options);
  return summary;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
