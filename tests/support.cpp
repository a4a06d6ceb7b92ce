#include "support.hpp"

#include <catch2/catch.hpp>

#include "sift/data/store.hpp"

#include <sys/wait.h>
#include <unistd.h>

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

fs::path source_dir() {
  return SIFT_SOURCE_DIR;
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

ExampleVacancy::ExampleVacancy() : dir(temporary_directory()), db(dir / "sift.db") {
  auto loaded = rules::load_specification(source_dir() / "examples" / "second-in-science.sift");
  REQUIRE(loaded.specification);
  spec = std::move(*loaded.specification);
  data::Store store(db, data::OpenMode::create_if_missing);
  store.add_vacancy(spec, spec.vacancies.front());
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
