// Helpers shared by the test suites: running the real `sift` binary, reading files, loading
// specifications held in memory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sift/rules/load.hpp"

namespace sift::test {

struct Run {
  int exit = -1;
  std::string out;
  std::string err;
};

// Runs `sift` with the arguments (each shell-quoted) in `directory`, capturing both streams.
Run sift(std::vector<std::string> const& args, std::filesystem::path const& directory = {},
         std::string const& input = {});

std::string read_file(std::filesystem::path const& path);
void write_file(std::filesystem::path const& path, std::string const& text);
std::filesystem::path source_dir();

// A fresh, empty directory under the system's temporary directory.
std::filesystem::path temporary_directory();

// A specification from texts: `main` is checked, with `form` (fields) available as "form.sift".
rules::LoadResult load_text(std::string const& main, std::string const& form = {});

// The fields most tests use.
extern std::string const test_form;

// A fresh database in a scratch directory, holding the Second in Science vacancy; removed
// afterwards.
struct ExampleVacancy {
  std::filesystem::path dir;
  std::filesystem::path db;
  rules::Specification spec;
  ExampleVacancy();
  ~ExampleVacancy();
  ExampleVacancy(ExampleVacancy const&) = delete;
  ExampleVacancy& operator=(ExampleVacancy const&) = delete;
};

}  // namespace sift::test
