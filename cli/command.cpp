#include "command.hpp"

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

}  // namespace sift::cli
