// Rows inserted many to a statement. SQLite spends about as much on starting, binding and
// resetting a one-row INSERT, and on finding the row's place in the table from the root, as on
// storing it: 64 rows to a statement keep one cursor moving along the table and take about half
// the CPU per row (bench/README.md). The rows are kept here until a statement is full, so an
// error (a constraint, a full disk) surfaces at a later row or at flush(): callers that write
// inside one transaction, which is then rolled back whole, lose nothing by it.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "raw_statement.hpp"

namespace sift::data {

class BatchInsert {
 public:
  // `into`: the table and its columns, "result (run_id, ref, ...)", `columns` of them.
  BatchInsert(SQLite::Database& db, std::string into, int columns);

  // The next row's cells, one call per column in order, then end_row().
  void integer(std::int64_t value);
  void real(double value);
  void text(std::string_view value);
  void blob(std::string_view value);
  void end_row();
  // Inserts the rows still pending.
  void flush();

  static constexpr int rows_per_statement = 64;

 private:
  enum class Kind { integer, real, text, blob };
  struct Cell {
    Kind kind;
    std::int64_t integer = 0;
    double real = 0;
    std::size_t at = 0;  // text and blob: their bytes in bytes_
    std::size_t size = 0;
  };
  std::string statement_text(int rows) const;
  void insert(RawStatement& statement, std::size_t rows);

  SQLite::Database& db_;
  std::string into_;
  int columns_;
  RawStatement full_;
  std::vector<Cell> cells_;
  std::string bytes_;
};

}  // namespace sift::data
