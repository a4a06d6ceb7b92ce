#include "batch_insert.hpp"

#include <fmt/format.h>

namespace sift::data {

BatchInsert::BatchInsert(SQLite::Database& db, std::string into, int columns)
    : db_(db),
      into_(std::move(into)),
      columns_(columns),
      full_(db, statement_text(rows_per_statement).c_str()) {
  cells_.reserve(static_cast<std::size_t>(columns * rows_per_statement));
}

std::string BatchInsert::statement_text(int rows) const {
  std::string row = "(?";
  for (int c = 1; c < columns_; ++c)
    row += ", ?";
  row += ')';
  std::string sql = fmt::format("INSERT INTO {} VALUES {}", into_, row);
  for (int r = 1; r < rows; ++r)
    sql.append(", ").append(row);
  return sql;
}

void BatchInsert::integer(std::int64_t value) {
  cells_.push_back({Kind::integer, value});
}

void BatchInsert::real(double value) {
  cells_.push_back({Kind::real, 0, value});
}

void BatchInsert::text(std::string_view value) {
  cells_.push_back({Kind::text, 0, 0, bytes_.size(), value.size()});
  bytes_.append(value);
}

void BatchInsert::blob(std::string_view value) {
  cells_.push_back({Kind::blob, 0, 0, bytes_.size(), value.size()});
  bytes_.append(value);
}

void BatchInsert::end_row() {
  if (cells_.size() == static_cast<std::size_t>(columns_ * rows_per_statement))
    insert(full_, rows_per_statement);
}

void BatchInsert::flush() {
  if (cells_.empty()) return;
  auto const rows = cells_.size() / static_cast<std::size_t>(columns_);
  RawStatement rest(db_, statement_text(static_cast<int>(rows)).c_str());
  insert(rest, rows);
}

void BatchInsert::insert(RawStatement& statement, std::size_t rows) {
  // Bound in place: bytes_ does not move until the statement has run.
  for (std::size_t i = 0; i < rows * static_cast<std::size_t>(columns_); ++i) {
    auto const& cell = cells_[i];
    int const index = static_cast<int>(i) + 1;
    std::string_view const bytes(bytes_.data() + cell.at, cell.size);
    switch (cell.kind) {
      case Kind::integer:
        statement.bind(index, cell.integer);
        break;
      case Kind::real:
        statement.bind(index, cell.real);
        break;
      case Kind::text:
        statement.bind_text_in_place(index, bytes);
        break;
      case Kind::blob:
        statement.bind_blob_in_place(index, bytes);
        break;
    }
  }
  statement.exec();
  cells_.clear();
  bytes_.clear();
}

}  // namespace sift::data
