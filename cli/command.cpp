#include "command.hpp"

#include <algorithm>
#include <iostream>

namespace po = boost::program_options;

namespace sift::cli {

bool parse_arguments(std::string const& command, std::vector<std::string> const& args,
                     po::options_description const& options,
                     po::positional_options_description const& positional, std::string const& usage,
                     std::string const& examples, po::variables_map& values, int& exit) {
  po::options_description all;
  all.add(options);
  all.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    if (values.count("help")) {
      std::cout << "Usage: sift " << usage << "\n\n" << all << "\nExamples:\n" << examples;
      exit = success;
      return false;
    }
    po::notify(values);
    return true;
  } catch (po::error const& e) {
    std::cerr << "sift " << command << ": " << e.what() << "\nUsage: sift " << usage
              << "\nRun 'sift " << command << " --help' for more.\n";
    exit = usage_error;
    return false;
  }
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
