// Opening the database: recognise it before touching it, then set it up and migrate.
#include "sift/data/database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>

#include "schema.hpp"
#include "sift/data/ledger.hpp"

namespace sift::data {

namespace fs = std::filesystem;

namespace {

// Creates an empty file readable and writable by its owner only (personal data lives here).
void create_private_file(fs::path const& path) {
  int const fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(ErrorKind::io, fmt::format("{}: cannot create the database: {}", path.string(),
                                           std::strerror(errno)));
  ::close(fd);
}

bool looks_like_sqlite(fs::path const& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in.gcount() == 0 ||
         std::string_view(header, 16) == std::string_view("SQLite format 3\0", 16);
}

// SQLite counts every allocation under a process-wide mutex unless told not to; Sift never
// asks for those counts, and the lock costs a large import several percent. Only possible
// before SQLite initialises, so it is done once, before the first connection opens.
void skip_memory_statistics() {
  static int const done = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)done;
}

}  // namespace

Database::Database(fs::path const& path, OpenMode mode, std::optional<std::string> key)
    : path_(path), key_(std::move(key)) {
  skip_memory_statistics();
  std::error_code ec;
  bool const exists = fs::exists(path, ec);
  if (exists && fs::is_directory(path, ec))
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: is a directory, not a database file", path.string()));
  if (!exists) {
    if (mode == OpenMode::must_exist)
      throw Error(ErrorKind::not_found,
                  fmt::format("{}: no database here yet (add a vacancy or import applications "
                              "first, or name another with --db)",
                              path.string()));
    create_private_file(path);
  }
  // Recognise the file before changing anything in it.
  if (!looks_like_sqlite(path))
    throw Error(
        ErrorKind::corrupt,
        fmt::format("{}: not a Sift database (not an SQLite file); left untouched", path.string()));
  try {
    // One thread at a time uses a connection (imports and runs hand work to other threads,
    // never the connection), so SQLite's per-call locking is not needed.
    db_ = std::make_unique<SQLite::Database>(
        path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX, busy_timeout_ms);
    int const app_id = db_->execAndGet("PRAGMA application_id").getInt();
    int const version = db_->execAndGet("PRAGMA user_version").getInt();
    int const tables = db_->execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
    if (app_id != application_id && (app_id != 0 || version != 0 || tables != 0))
      throw Error(ErrorKind::corrupt,
                  fmt::format("{}: an SQLite database, but not a Sift database; left untouched",
                              path.string()));
    auto const known = static_cast<int>(migrations().size());
    if (version > known)
      throw Error(ErrorKind::corrupt,
                  fmt::format("{}: made by a newer Sift (schema version {}; this Sift knows up "
                              "to {}); left untouched",
                              path.string(), version, known));
    // 16 KiB pages hold a whole application with its statement in most cases (set only while
    // the file is still empty; it cannot change once WAL is on).
    if (tables == 0) db_->exec("PRAGMA page_size = 16384");
    db_->exec("PRAGMA foreign_keys = ON");
    // WAL is a property of the file: set once, so that opening to read never needs a lock that
    // a writer holds.
    if (db_->execAndGet("PRAGMA journal_mode").getString() != "wal")
      db_->exec("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = NORMAL");
    db_->exec("PRAGMA secure_delete = ON");  // erased text is overwritten, not just unlinked
    // A 64 MiB page cache keeps a large import's index pages in memory instead of re-reading
    // them from the log: the bulk of import time otherwise (see bench/).
    db_->exec("PRAGMA cache_size = -65536");
    if (version < known) {
      SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      // Another process may have migrated while we waited for the lock.
      int const current = db_->execAndGet("PRAGMA user_version").getInt();
      for (int i = current; i < known; ++i)
        db_->exec(migrations()[static_cast<std::size_t>(i)]);
      // Rows stored before the ledger get their hashes and entries, in the same transaction.
      if (current < ledger_migration) enter_existing_rows(*this);
      db_->exec(fmt::format("PRAGMA user_version = {}", known));
      db_->exec(fmt::format("PRAGMA application_id = {}", application_id));
      transaction.commit();
    }
  } catch (SQLite::Exception const& e) {
    if (e.getErrorCode() == SQLITE_BUSY)
      throw Error(ErrorKind::busy,
                  fmt::format("{}: the database is locked by another process (waited {} s)",
                              path.string(), busy_timeout_ms / 1000));
    if (e.getErrorCode() == SQLITE_NOTADB || e.getErrorCode() == SQLITE_CORRUPT)
      throw Error(ErrorKind::corrupt,
                  fmt::format("{}: not a Sift database, or damaged ({}); left untouched",
                              path.string(), e.what()));
    throw Error(ErrorKind::io, fmt::format("{}: {}", path.string(), e.what()));
  }
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

}  // namespace sift::data
