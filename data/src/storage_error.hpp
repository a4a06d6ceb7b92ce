// SQLite's failures, said in the user's terms (a locked database, a full disk) as a DataError.
#pragma once

#include <SQLiteCpp/Exception.h>

#include <filesystem>

#include "sift/data/store.hpp"

namespace sift::data {

DataError storage_error(std::filesystem::path const& path, SQLite::Exception const& error);

}  // namespace sift::data
