#include "storage_error.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace sift::data {

Error storage_error(std::filesystem::path const& path, SQLite::Exception const& error) {
  switch (error.getErrorCode() & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorKind::busy,
                   fmt::format("{}: the database is busy: another process is writing to it "
                               "(waited 5 s); try again when it has finished",
                               path.string()));
    case SQLITE_FULL:
      return Error(ErrorKind::disk_full,
                   fmt::format("{}: the disk is full; nothing was stored", path.string()));
    case SQLITE_IOERR:  // a full disk or a size limit often shows as a failed write
      return Error(
          ErrorKind::io,
          fmt::format(
              "{}: the operating system refused a read or write ({}); if the disk is full, free "
              "space and try again; nothing was stored",
              path.string(), error.what()));
    case SQLITE_READONLY:
      return Error(ErrorKind::read_only,
                   fmt::format("{}: the database is read-only", path.string()));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error(ErrorKind::corrupt,
                   fmt::format("{}: the database is damaged ({})", path.string(), error.what()));
    default:
      return Error(ErrorKind::io, fmt::format("{}: {}", path.string(), error.what()));
  }
}

}  // namespace sift::data
