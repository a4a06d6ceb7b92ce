// What Sift prints never carries a terminal's control sequences. Refs, names, statements,
// reasons and assessors are typed by people; an ESC in one (`\x1b]8;;...` or `\x1b[2J`) would
// otherwise move the cursor, rewrite the screen or plant a link when the output is shown. Every
// control character but the line end and tab (C0, DEL, and the C1 range U+0080-U+009F) is
// printed as visible text instead: `\x1b`, `\u009b`.
#pragma once

#include <ostream>
#include <streambuf>

namespace sift::cli {

class VisibleControls : public std::streambuf {
 public:
  explicit VisibleControls(std::streambuf* out) : out_(out) {}
  // Writes a byte still held back (the first of a character that never came) and flushes.
  void finish();

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  std::streambuf* out_;
  bool after_c2_ = false;  // the first byte of a two-byte UTF-8 character that may be C1
};

// Installs the filter on a stream for as long as this lives.
class ShowControls {
 public:
  explicit ShowControls(std::ostream& stream);
  ~ShowControls();
  ShowControls(ShowControls const&) = delete;
  ShowControls& operator=(ShowControls const&) = delete;

 private:
  std::ostream& stream_;
  std::streambuf* original_;
  VisibleControls filter_;
};

}  // namespace sift::cli
