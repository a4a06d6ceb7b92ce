#include "support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "sift/data/applications.hpp"
#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sift::test {

namespace fs = std::filesystem;

std::string const test_form = R"(field qts: bool
field subjects: set of text
field key_stages: set of text
field employment: list of {employer: text, teaching: bool, start: date, end: optional date}
field breaks: list of {start: date, end: optional date, reason: text}
field declarations: {on_barred_list: bool}
field right_to_work: bool
)";

namespace {
std::string quote(std::string const& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}
}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < length; ++i)
    out += fmt::format("{:02x}", digest[i]);
  return out;
}

fs::path source_dir() {
  return SIFT_SOURCE_DIR;
}

screening::RunRequest run_request(std::string const& vacancy, int threads) {
  screening::RunRequest request;
  request.vacancy = vacancy;
  request.as_of = rules::make_date(2026, 11, 23);
  request.threads = threads;
  request.operator_name = "test";
  request.sift_version = "test";
  return request;
}

std::uintmax_t wal_bytes(fs::path const& db) {
  std::error_code ec;
  auto const size = fs::file_size(db.string() + "-wal", ec);
  return ec ? 0 : size;
}

std::map<std::string, std::string> stored_facts(fs::path const& db) {
  SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement query(database, "SELECT ref, facts FROM application ORDER BY version");
  std::map<std::string, std::string> out;
  while (query.executeStep())
    out[query.getColumn(0).getString()] = query.getColumn(1).getString();
  return out;
}

std::string database_contents(fs::path const& db) {
  SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
  std::string out;
  SQLite::Statement tables(database,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    auto const table = tables.getColumn(0).getString();
    out += table + ":\n";
    SQLite::Statement rows(database, "SELECT * FROM \"" + table + "\"");
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i)
        out += rows.getColumn(i).getString() + "|";
      out += "\n";
    }
  }
  return out;
}

void check_back_in_wal_mode(fs::path const& db) {
  SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
  CHECK(database.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(database.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK_FALSE(fs::exists(db.string() + "-journal"));
}

fs::path temporary_directory() {
  static std::atomic<int> counter{0};
  auto const dir = fs::temp_directory_path() /
                   ("sift-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(fs::path const& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

void write_file(fs::path const& path, std::string const& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

Run sift(std::vector<std::string> const& args, fs::path const& directory,
         std::string const& input) {
  auto const scratch = temporary_directory();
  std::string command;
  if (!directory.empty()) command += "cd " + quote(directory.string()) + " && ";
  command += quote(SIFT_BINARY);
  for (auto const& arg : args)
    command += " " + quote(arg);
  write_file(scratch / "in", input);
  command += " < " + quote((scratch / "in").string()) + " > " + quote((scratch / "out").string()) +
             " 2> " + quote((scratch / "err").string());
  int const status = std::system(command.c_str());
  Run run;
  run.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_file(scratch / "out");
  run.err = read_file(scratch / "err");
  fs::remove_all(scratch);
  return run;
}

Started::Started(std::vector<std::string> const& args, fs::path const& output_dir,
                 std::size_t file_size_limit) {
  static std::atomic<int> counter{0};
  auto const stem = "started-" + std::to_string(counter++);
  out_ = output_dir / (stem + ".out");
  err_ = output_dir / (stem + ".err");
  std::vector<std::string> argv{SIFT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> pointers;
  for (auto& arg : argv)
    pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  pid_ = ::fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    int const in = ::open("/dev/null", O_RDONLY);
    int const out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int const err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    if (file_size_limit > 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      rlimit const limit{file_size_limit, file_size_limit};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ::execv(pointers[0], pointers.data());
    ::_exit(127);
  }
}

Started::~Started() {
  if (waited_) return;
  kill();
  wait();
}

void Started::kill() {
  ::kill(pid_, SIGKILL);
}

Run Started::wait() {
  if (waited_) return run_;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  waited_ = true;
  run_.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run_.out = read_file(out_);
  run_.err = read_file(err_);
  return run_;
}

fs::path generate_applications(fs::path const& dir, int count, int seed,
                               std::string const& extra_arguments, bool scores) {
  auto const generator = source_dir() / "tools" / "gen_applicants.py";
  REQUIRE(fs::exists(generator));
  fs::create_directories(dir);
  auto const apps = dir / "apps.jsonl";
  auto command = "python3 " + quote(generator.string()) + " --count " + std::to_string(count) +
                 " --seed " + std::to_string(seed) + " --out " + quote(apps.string()) + " " +
                 extra_arguments;
  if (scores)
    command += " --panel " + quote((dir / "scores.csv").string()) +
               " --criteria cpd,subject_knowledge,behaviour_management,leadership_potential";
  REQUIRE(std::system((command + " > /dev/null").c_str()) == 0);
  return apps;
}

ExampleVacancy::ExampleVacancy() : dir(temporary_directory()), db(dir / "sift.db") {
  auto loaded = rules::load_specification(source_dir() / "examples" / "second-in-science.sift");
  REQUIRE(loaded.specification);
  spec = std::move(*loaded.specification);
  data::Database database(db, data::OpenMode::create_if_missing);
  data::Vacancies(database).add(spec, spec.vacancies.front());
}

ExampleVacancy::~ExampleVacancy() {
  fs::remove_all(dir);
}

rules::LoadResult load_text(std::string const& main, std::string const& form) {
  std::vector<rules::SourceFile> sources{{"main.sift", "use \"form.sift\"\n" + main},
                                         {"form.sift", form.empty() ? test_form : form}};
  return rules::load_sources(sources);
}

}  // namespace sift::test
