// SQLite's failures, said in the user's terms (a locked database, a full disk) as an Error of
// the matching kind.
#pragma once

#include <SQLiteCpp/Exception.h>

#include <filesystem>

#include "sift/data/error.hpp"

namespace sift::data {

Error storage_error(std::filesystem::path const& path, SQLite::Exception const& error);

}  // namespace sift::data
