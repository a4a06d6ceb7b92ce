#include "control_characters.hpp"

#include <fmt/format.h>

namespace sift::cli {

VisibleControls::int_type VisibleControls::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  auto const byte = static_cast<unsigned char>(traits_type::to_char_type(c));
  auto put = [&](std::string const& text) {
    return out_->sputn(text.data(), static_cast<std::streamsize>(text.size())) ==
           static_cast<std::streamsize>(text.size());
  };
  bool ok = true;
  if (after_c2_) {
    after_c2_ = false;
    if (byte >= 0x80 && byte <= 0x9F)
      return put(fmt::format("\\u{:04x}", byte)) ? c : traits_type::eof();
    ok = out_->sputc(static_cast<char>(0xC2)) != traits_type::eof();
  }
  if (byte == 0xC2) {
    after_c2_ = true;
  } else if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) {
    ok = ok && put(fmt::format("\\x{:02x}", byte));
  } else {
    ok = ok && out_->sputc(static_cast<char>(byte)) != traits_type::eof();
  }
  return ok ? c : traits_type::eof();
}

int VisibleControls::sync() {
  if (after_c2_) return 0;  // the character's second byte is still to come
  return out_->pubsync();
}

ShowControls::ShowControls(std::ostream& stream)
    : stream_(stream), original_(stream.rdbuf()), filter_(original_) {
  stream_.rdbuf(&filter_);
}

void VisibleControls::finish() {
  if (after_c2_) out_->sputc(static_cast<char>(0xC2));  // a lone lead byte at the very end
  after_c2_ = false;
  out_->pubsync();
}

ShowControls::~ShowControls() {
  stream_.flush();
  filter_.finish();
  stream_.rdbuf(original_);
}

}  // namespace sift::cli
