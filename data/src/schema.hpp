// The database schema as ordered migrations. PRAGMA user_version is the number of migrations
// applied; docs/database.md describes the tables.
#pragma once

#include <vector>

namespace sift::data {

// "SIFT" in ASCII, stored in PRAGMA application_id so that Sift recognises its own files.
inline constexpr int application_id = 0x53494654;

// Migration i (counting from 1) takes the schema from version i-1 to version i.
std::vector<char const*> const& migrations();

// The migration that added the ledger: opening a database older than it enters its rows.
inline constexpr int ledger_migration = 11;

}  // namespace sift::data
