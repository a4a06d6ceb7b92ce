// `sift`: screens job applications against a person specification. This file parses the global
// options and hands the rest of the command line to a subcommand.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>

#include "command.hpp"
#include "control_characters.hpp"
#include "sift/rules/suggest.hpp"
#include "sift/version.hpp"

namespace po = boost::program_options;
using namespace sift::cli;

namespace {

std::string overview() {
  std::string text =
      "Usage: sift [--db PATH] [--key-file PATH] [--heads-file PATH] [--log-level LEVEL] "
      "COMMAND [ARGS...]\n"
      "\n"
      "Screens job applications against a vacancy's person specification.\n"
      "\n"
      "Commands:\n";
  for (auto const& command : commands())
    text += "  " + command.name +
            std::string(12 - std::min<std::size_t>(command.name.size(), 11), ' ') +
            command.summary + "\n";
  text +=
      "\n"
      "Run 'sift COMMAND --help' for a command's options and examples.\n"
      "\n"
      "Exit codes: 0 success; 1 a check found a problem (unformatted file, failing example);\n"
      "2 usage error; 3 rules error; 4 data error; 5 verification failure;\n"
      "6 imported with rows skipped (--skip-invalid); 70 internal error.\n";
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  ShowControls const visible_out(std::cout);
  ShowControls const visible_errors(std::cerr);
  auto logger = spdlog::stderr_color_mt("sift");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("sift: %l: %v");
  spdlog::set_level(spdlog::level::warn);

  po::options_description global("Global options");
  global.add_options()("help,h", "show this help")("version", "show Sift's version")(
      "db", po::value<std::string>(), "the database file (default: $SIFT_DB or ./sift.db)")(
      "key-file", po::value<std::string>(),
      "the key the database's ledger is kept under, from a file kept elsewhere (default: "
      "$SIFT_KEY_FILE; a new database given a key is keyed for good)")(
      "heads-file", po::value<std::string>(),
      "append each new chain head of the ledger to this file, kept elsewhere, for 'sift verify "
      "--anchor' (default: $SIFT_HEADS_FILE)")("log-level",
                                               po::value<std::string>()->default_value("warn"),
                                               "trace, debug, info, warn, error or off");
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::string>())("args",
                                                            po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(global).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);

  try {
    auto parsed = po::command_line_parser(argc, argv)
                      .options(all)
                      .positional(positional)
                      .allow_unregistered()
                      .run();
    po::variables_map values;
    po::store(parsed, values);
    po::notify(values);

    auto const level = spdlog::level::from_str(values["log-level"].as<std::string>());
    if (level == spdlog::level::off && values["log-level"].as<std::string>() != "off") {
      std::cerr << "sift: unknown log level '" << values["log-level"].as<std::string>()
                << "'; use trace, debug, info, warn, error or off\n";
      return usage_error;
    }
    spdlog::set_level(level);

    if (values.count("version")) {
      std::cout << "sift " << sift::version << "\n";
      return success;
    }
    if (!values.count("command")) {
      if (values.count("help")) {
        std::cout << overview();
        return success;
      }
      std::cerr << overview();
      return usage_error;
    }

    Globals globals;
    if (values.count("db"))
      globals.db = values["db"].as<std::string>();
    else if (char const* env = std::getenv("SIFT_DB"); env && *env)
      globals.db = env;
    else
      globals.db = "sift.db";
    auto from = [&](char const* option, char const* variable) -> std::filesystem::path {
      if (values.count(option)) return values[option].as<std::string>();
      if (char const* env = std::getenv(variable); env && *env) return env;
      return {};
    };
    globals.key_file = from("key-file", "SIFT_KEY_FILE");
    globals.heads_file = from("heads-file", "SIFT_HEADS_FILE");

    auto const name = values["command"].as<std::string>();
    std::vector<std::string> args =
        po::collect_unrecognized(parsed.options, po::include_positional);
    args.erase(args.begin());  // the command's own name
    if (values.count("help")) args.push_back("--help");

    for (auto const& command : commands())
      if (command.name == name) return run_command(command, globals, args);

    std::vector<std::string> names;
    for (auto const& command : commands())
      names.push_back(command.name);
    auto const suggestion = sift::rules::nearest(name, names);
    std::cerr << "sift: unknown command '" << name << "'"
              << (suggestion ? "; did you mean '" + *suggestion + "'?" : "")
              << "\nRun 'sift --help' for the list of commands.\n";
    return usage_error;
  } catch (po::error const& e) {
    std::cerr << "sift: " << e.what() << "\nRun 'sift --help' for usage.\n";
    return usage_error;
  } catch (std::exception const& e) {
    spdlog::critical("internal error: {}", e.what());
    return internal_error;
  }
}
