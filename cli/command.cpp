#include "command.hpp"

#include <algorithm>
#include <iostream>

namespace po = boost::program_options;

namespace sift::cli {

int run_command(Command const& command, Globals const& globals,
                std::vector<std::string> const& args) {
  po::options_description options("Options");
  po::positional_options_description positional;
  command.declare(options, positional);
  po::options_description all;
  all.add(options);
  all.add_options()("help,h", "show this help");
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    if (values.count("help")) {
      std::cout << "Usage: sift " << command.usage << "\n\n"
                << all << "\nExamples:\n"
                << command.examples;
      return success;
    }
    po::notify(values);
  } catch (po::error const& e) {
    std::cerr << "sift " << command.name << ": " << e.what() << "\nUsage: sift " << command.usage
              << "\nRun 'sift " << command.name << " --help' for more.\n";
    return usage_error;
  }
  return command.run(globals, values);
}

std::optional<std::int64_t> run_option(po::variables_map const& values) {
  if (!values.count("run")) return std::nullopt;
  return values["run"].as<std::int64_t>();
}

bool is_one_of(std::string const& command, std::string const& option, std::string const& value,
               std::vector<std::string> const& choices) {
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return true;
  std::string listed;
  for (std::size_t i = 0; i < choices.size(); ++i)
    listed += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  std::cerr << "sift " << command << ": " << option << " is " << listed << "\n";
  return false;
}

}  // namespace sift::cli
