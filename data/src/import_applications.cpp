// Importing applications from JSON Lines (shared/formats/application-v1.md).
//
// Two threads share the work: this one reads, parses and validates each line and prepares its
// rows; a writer thread owns the SQLite connection and stores them. Batches pass through a
// small bounded queue, so memory stays flat however long the input. The whole import is one
// transaction, committed only when every line is good (or the user asked to skip bad ones).
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "csv.hpp"
#include "csv_applications.hpp"
#include "decode.hpp"
#include "import_outcome.hpp"
#include "json_spans.hpp"
#include "sift/data/store.hpp"
#include "sift/rules/load.hpp"
#include "storage_error.hpp"
#include "stored_specification.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

using simdjson::dom::element;

// One valid application, ready to store.
struct Staged {
  std::size_t line = 0;
  std::string vacancy;
  std::string ref;
  std::string hash;
  std::string submitted;
  std::string facts;      // the record less the parts kept apart
  std::string personal;   // JSON, or empty
  std::string statement;  // text
  bool has_statement = false;
  std::string monitoring;  // JSON, or empty
};

using Batch = std::vector<Staged>;
constexpr std::size_t batch_size = 512;
constexpr std::size_t batches_in_flight = 4;

// Keys of a record that are stored apart from the facts the rules read.
bool stored_apart(std::string_view key) {
  return key == "personal" || key == "statement" || key == "monitoring";
}

std::string text_field(element record, char const* key, std::string& out) {
  element value;
  if (record.at_key(key).get(value)) return fmt::format("field '{}' is missing", key);
  if (!value.is_string())
    return fmt::format("{} is {}, expected a text", key, describe_json(value));
  out = std::string(value.get_string().value_unsafe());
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
  explicit Validator(Store& store) {
    for (auto const& vacancy : store.vacancies()) {
      forms_.emplace(vacancy.id,
                     checked_specification(
                         store.specification(vacancy.id).sources,
                         fmt::format("the stored specification of vacancy '{}'", vacancy.id)));
    }
  }

  rules::Specification const* form(std::string const& vacancy) const {
    auto const found = forms_.find(vacancy);
    return found == forms_.end() ? nullptr : &found->second;
  }

  // Validates one line into `staged`; returns what is wrong with it, or an empty string.
  std::string line(std::string& text, std::size_t line_number, Staged& staged) {
    if (text.capacity() < text.size() + simdjson::SIMDJSON_PADDING)
      text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    element record;
    if (auto const error = parser_.parse(text.data(), text.size(), false).get(record)) {
      if (error == simdjson::UTF8_ERROR) return "the line is not valid UTF-8";
      if (error == simdjson::NUMBER_ERROR || error == simdjson::NUMBER_OUT_OF_RANGE) {
        auto const where = locate_bad_number(text);
        return fmt::format("{} is a number too large to read", where.empty() ? "a value" : where);
      }
      return fmt::format("the line is not valid JSON ({})", simdjson::error_message(error));
    }
    if (!record.is_object())
      return fmt::format("the line is {}, not an object (one application per line)",
                         describe_json(record));
    if (auto problem = text_field(record, "ref", staged.ref); !problem.empty()) return problem;
    if (auto problem = text_field(record, "vacancy", staged.vacancy); !problem.empty())
      return problem;
    auto const form = forms_.find(staged.vacancy);
    if (form == forms_.end())
      return fmt::format(
          "vacancy '{}' is not in the database; add its specification first with "
          "'sift vacancy add'",
          staged.vacancy);
    auto const [seen, first] = seen_.emplace(staged.vacancy + '\x1f' + staged.ref, line_number);
    if (!first) return fmt::format("ref {} already appears on line {}", staged.ref, seen->second);

    for (auto const& field : form->second.fields) {
      element value;
      if (record.at_key(field.name).get(value)) continue;  // absent: missing evidence
      path_ = field.name;
      if (auto problem = decode(value, field.type, path_, nullptr); !problem.empty())
        return problem;
    }
    for (char const* key : {"personal", "monitoring"}) {
      element value;
      if (!record.at_key(key).get(value) && !value.is_object() && !value.is_null())
        return fmt::format("{} is {}, expected an object", key, describe_json(value));
    }

    // The facts are the record's own members, as written, less the parts kept apart.
    std::string_view const raw(text);
    staged.facts = "{";
    for (auto const& member : object_members(raw)) {
      // A null carries nothing personal: it stays in the facts, so the record round-trips.
      if (member.value != "null") {
        if (member.key == "personal") staged.personal = member.value;
        if (member.key == "monitoring") staged.monitoring = member.value;
        if (stored_apart(member.key)) continue;
      }
      if (staged.facts.size() > 1) staged.facts += ',';
      staged.facts.append(raw.substr(member.begin, member.end - member.begin));
    }
    staged.facts += '}';
    element value;
    if (!record.at_key("statement").get(value) && value.is_string()) {
      staged.statement = value.get_string().value_unsafe();
      staged.has_statement = true;
    }
    if (!record.at_key("submitted").get(value) && value.is_string())
      staged.submitted = value.get_string().value_unsafe();
    staged.hash = sha256_hex(raw);  // identical content is identical bytes
    staged.line = line_number;
    return {};
  }

 private:
  simdjson::dom::parser parser_;
  std::map<std::string, rules::Specification> forms_;
  std::unordered_map<std::string, std::size_t> seen_;
  std::string path_;
};

// Stores prepared applications: a new version unless the latest one has the same content.
class Writer {
 public:
  Writer(SQLite::Database& db, std::string name)
      : db_(db),
        name_(std::move(name)),
        latest_(db_,
                "SELECT version, sha256 FROM application WHERE vacancy_id = ? AND ref = ? "
                "ORDER BY version DESC LIMIT 1"),
        insert_(db_,
                "INSERT INTO application (vacancy_id, ref, version, sha256, submitted, facts, "
                "imported_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        identity_(db_,
                  "INSERT INTO identity (application_id, personal, statement) VALUES (?, ?, ?)"),
        monitoring_(db_, "INSERT INTO monitoring (application_id, answers) VALUES (?, ?)"),
        now_(now_utc()) {}

  void write(Staged const& s, ImportSummary& summary) {
    latest_.reset();
    latest_.bind(1, s.vacancy);
    latest_.bind(2, s.ref);
    int version = 0;
    if (latest_.executeStep()) {
      version = latest_.getColumn(0).getInt();
      if (latest_.getColumn(1).getString() == s.hash) {
        ++summary.unchanged;
        return;
      }
    }
    ++(version == 0 ? summary.added : summary.new_versions);
    insert_.reset();
    insert_.bind(1, s.vacancy);
    insert_.bind(2, s.ref);
    insert_.bind(3, version + 1);
    insert_.bind(4, s.hash);
    if (s.submitted.empty())
      insert_.bind(5);
    else
      insert_.bind(5, s.submitted);
    insert_.bind(6, s.facts);
    insert_.bind(7, now_);
    insert_.bind(8, name_ + ':' + std::to_string(s.line));
    insert_.exec();
    auto const id = db_.getLastInsertRowid();
    if (!s.personal.empty() || s.has_statement) {
      identity_.reset();
      identity_.bind(1, id);
      if (s.personal.empty())
        identity_.bind(2);
      else
        identity_.bind(2, s.personal);
      if (s.has_statement)
        identity_.bind(3, s.statement);
      else
        identity_.bind(3);
      identity_.exec();
    }
    if (!s.monitoring.empty()) {
      monitoring_.reset();
      monitoring_.bind(1, id);
      monitoring_.bind(2, s.monitoring);
      monitoring_.exec();
    }
  }

 private:
  SQLite::Database& db_;
  std::string name_;
  SQLite::Statement latest_;
  SQLite::Statement insert_;
  SQLite::Statement identity_;
  SQLite::Statement monitoring_;
  std::string now_;
};

// Batches from the validating thread to the writing thread, at most a few at a time.
class BatchQueue {
 public:
  // False when the writer has stopped (after a failure): stop producing.
  bool push(Batch batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < batches_in_flight || stopped_; });
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
  bool closed_ = false;
  bool stopped_ = false;
};

bool blank(std::string const& text) {
  return text.find_first_not_of(" \t") == std::string::npos;
}

// The records of an import, one JSON object text at a time, each with the line it starts on.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // False at the end. Otherwise sets `line` and either `text` or `problem`.
  virtual bool next(std::string& text, std::size_t& line, std::string& problem) = 0;
  bool content = false;  // anything besides blank lines
};

class JsonLinesSource final : public RecordSource {
 public:
  explicit JsonLinesSource(std::istream& input) : input_(input) {}
  bool next(std::string& text, std::size_t& line, std::string& problem) override {
    while (std::getline(input_, text)) {
      line = ++line_;
      problem.clear();
      if (line_ == 1 && text.starts_with("\xEF\xBB\xBF")) {
        content = true;
        problem = "the file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM";
        return true;
      }
      if (!text.empty() && text.back() == '\r') {
        content = true;
        problem = "the line ends with CR LF (Windows line ends); convert the file to LF line ends";
        return true;
      }
      if (blank(text)) continue;
      content = true;
      return true;
    }
    return false;
  }

 private:
  std::istream& input_;
  std::size_t line_ = 0;
};

class CsvSource final : public RecordSource {
 public:
  CsvSource(std::istream& input, std::string name, FormLookup forms)
      : reader_(input), name_(std::move(name)), forms_(std::move(forms)) {}
  bool next(std::string& text, std::size_t& line, std::string& problem) override {
    if (header_.empty()) {
      if (!reader_.next(header_, problem)) return false;
      content = true;
      for (auto& column : header_)
        column.erase(0, column.find_first_not_of(" \t"));
      auto header_problem = problem.empty() ? check_csv_header(header_) : problem;
      if (!header_problem.empty()) throw DataError(fmt::format("{}:1: {}", name_, header_problem));
    }
    while (reader_.next(row_, problem)) {
      line = reader_.line();
      if (!problem.empty()) return true;
      if (row_.size() == 1 && row_.front().empty()) continue;  // a blank line
      problem = csv_row_to_json(header_, row_, forms_, text);
      return true;
    }
    return false;
  }

 private:
  CsvReader reader_;
  std::string name_;
  FormLookup forms_;
  std::vector<std::string> header_;
  std::vector<std::string> row_;
};

}  // namespace

ImportSummary Store::import_applications(std::istream& input, std::string const& name,
                                         ImportOptions const& options) try {
  Validator validator(*this);
  SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  Writer writer(*db_, name);

  ImportSummary written;  // counted by the writer thread only
  BatchQueue queue;
  std::exception_ptr failure;
  std::thread writing([&] {
    try {
      Batch batch;
      while (queue.pop(batch))
        for (auto const& staged : batch)
          writer.write(staged, written);
    } catch (...) {
      failure = std::current_exception();
      queue.stop();
    }
  });

  ImportSummary summary;
  std::unique_ptr<RecordSource> source;
  if (options.format == "csv")
    source = std::make_unique<CsvSource>(
        input, name, [&](std::string const& vacancy) { return validator.form(vacancy); });
  else
    source = std::make_unique<JsonLinesSource>(input);
  std::string text;
  std::string problem;
  std::size_t line_number = 0;
  Batch batch;
  try {
    while (source->next(text, line_number, problem)) {
      if (problem.empty()) {
        Staged staged;
        problem = validator.line(text, line_number, staged);
        if (problem.empty()) {
          batch.push_back(std::move(staged));
          if (batch.size() == batch_size) {
            if (!queue.push(std::move(batch))) break;
            batch = Batch();
          }
          continue;
        }
      }
      summary.problems.push_back({line_number, std::move(problem)});
      ++summary.rejected;
      problem.clear();
    }
    if (!batch.empty()) queue.push(std::move(batch));
  } catch (...) {
    queue.stop();
    queue.close();
    writing.join();
    throw;
  }
  queue.close();
  writing.join();
  if (failure) std::rethrow_exception(failure);

  if (input.bad()) throw DataError(fmt::format("{}: cannot read the input", name));
  if (!source->content)
    throw DataError(fmt::format("{}: the file is empty: no applications to import", name));
  summary.added = written.added;
  summary.new_versions = written.new_versions;
  summary.unchanged = written.unchanged;
  summary.read = summary.added + summary.new_versions + summary.unchanged + summary.rejected;
  finish_import(transaction, summary, options);
  return summary;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
