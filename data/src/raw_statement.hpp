// A statement stepped through SQLite's own interface, for loops over millions of rows where
// each SQLiteCpp column object would copy a shared pointer to the statement (an atomic
// increment and decrement per column). Errors are thrown as SQLiteCpp's, like every other
// statement's in this layer, and become data::Error where the layer catches them.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sift::data {

class RawStatement {
 public:
  RawStatement(SQLite::Database& db, char const* sql) : db_(db) {
    sqlite3_stmt* prepared = nullptr;
    check(sqlite3_prepare_v2(db.getHandle(), sql, -1, &prepared, nullptr));
    statement_.reset(prepared);
  }

  // Binds a copy of the text.
  void bind(int index, std::string const& text) {
    check(sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
  }
  void bind(int index, std::int64_t number) {
    check(sqlite3_bind_int64(statement_.get(), index, number));
  }
  void bind(int index, double number) {
    check(sqlite3_bind_double(statement_.get(), index, number));
  }
  // Bind bytes that must stay where they are until the statement has stepped.
  void bind_text_in_place(int index, std::string_view text) {
    check(sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()),
                            SQLITE_STATIC));
  }
  void bind_blob_in_place(int index, std::string_view bytes) {
    check(sqlite3_bind_blob(statement_.get(), index, bytes.data(), static_cast<int>(bytes.size()),
                            SQLITE_STATIC));
  }

  // The next row; false at the end.
  bool step() {
    int const rc = sqlite3_step(statement_.get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw SQLite::Exception(db_.getHandle(), rc);
    return rc == SQLITE_ROW;
  }
  // Ready to step from the first row again, keeping the bindings.
  void reset() { sqlite3_reset(statement_.get()); }
  // Runs a statement that returns no rows, ready to run again with new bindings.
  void exec() {
    int const rc = sqlite3_step(statement_.get());
    sqlite3_reset(statement_.get());
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw SQLite::Exception(db_.getHandle(), rc);
  }

  // A column of the row stepped to, valid until the next step.
  std::string_view text(int column) const {
    auto const* bytes = sqlite3_column_text(statement_.get(), column);
    return {reinterpret_cast<char const*>(bytes),
            static_cast<std::size_t>(sqlite3_column_bytes(statement_.get(), column))};
  }
  // A text or a blob as stored; none for NULL.
  std::string_view bytes(int column) const {
    auto const* bytes = static_cast<char const*>(sqlite3_column_blob(statement_.get(), column));
    return bytes ? std::string_view(bytes, static_cast<std::size_t>(
                                               sqlite3_column_bytes(statement_.get(), column)))
                 : std::string_view();
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_.get(), column); }
  double real(int column) const { return sqlite3_column_double(statement_.get(), column); }
  bool is_null(int column) const {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw SQLite::Exception(db_.getHandle(), rc);
  }
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  SQLite::Database& db_;
  std::unique_ptr<sqlite3_stmt, Finalize> statement_;
};

}  // namespace sift::data
