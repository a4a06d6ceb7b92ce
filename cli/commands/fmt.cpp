// `sift fmt FILE...`: prints the canonical layout, or checks or rewrites files in place.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "../command.hpp"
#include "sift/rules/load.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

// Writes beside the file and renames over it, so a failure never leaves half a file.
bool replace_file(std::string const& path, std::string const& text) {
  auto const temporary = path + ".sift-fmt.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  return !ec;
}

}  // namespace

Command fmt_command() {
  return {"fmt",
          "print, check or rewrite a specification in canonical layout",
          "fmt FILE... [--check | --write]",
          "  sift fmt examples/second-in-science.sift\n"
          "  sift fmt --check examples/*.sift examples/common/*.sift\n"
          "  sift fmt --write my-vacancy.sift\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("file", po::value<std::vector<std::string>>()->required(),
                                  "specification files")(
                "check", po::bool_switch(), "exit 1 and name each file that is not formatted")(
                "write", po::bool_switch(), "rewrite each file in its canonical layout");
            positional.add("file", -1);
          },
          [](Globals const&, po::variables_map const& values) -> int {
            bool const check = values["check"].as<bool>();
            bool const write = values["write"].as<bool>();
            if (check && write) {
              std::cerr << "sift fmt: choose one of --check and --write\n";
              return usage_error;
            }
            int result = success;
            for (auto const& file : values["file"].as<std::vector<std::string>>()) {
              std::string problem;
              auto const text = rules::read_source_file(file, problem);
              if (!text) {
                std::cerr << fmt::format("{}: error: cannot read the file: {}\n", file, problem);
                result = rules_error;
                continue;
              }
              auto const formatted = rules::format_source(file, *text);
              if (!formatted.text) {
                std::cerr << rules::render_all(formatted.diagnostics);
                result = rules_error;
                continue;
              }
              if (check) {
                if (*formatted.text != *text) {
                  std::cerr << fmt::format("{}: not formatted (run 'sift fmt --write {}')\n", file,
                                           file);
                  if (result == success) result = check_failed;
                }
              } else if (write) {
                if (*formatted.text != *text && !replace_file(file, *formatted.text)) {
                  std::cerr << fmt::format("{}: error: cannot write the file\n", file);
                  result = rules_error;
                }
              } else {
                std::cout << *formatted.text;
              }
            }
            return result;
          }};
}

}  // namespace sift::cli
