// Writing and reading compact binary forms (packed values, packed_values.hpp; the packed
// results of data/results.hpp): unsigned LEB128 varints and little-endian doubles.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sift::rules {

static_assert(std::endian::native == std::endian::little, "doubles are stored little-endian");

void append_varint(std::string& out, std::int64_t value);
void append_double(std::string& out, double value);

// Reads packed bytes front to back. A read past the end, or a varint too long, sets `failed`
// and yields zeros, so that a damaged column is reported by its reader, never read out of bounds.
struct ByteReader {
  std::string_view bytes;
  std::size_t at = 0;
  bool failed = false;

  bool done() const { return at >= bytes.size(); }
  std::uint8_t byte() {
    if (at >= bytes.size()) return fail(), 0;
    return static_cast<std::uint8_t>(bytes[at++]);
  }
  std::int64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      auto const b = byte();
      value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return static_cast<std::int64_t>(value);
    }
    return fail(), 0;
  }
  double number() {
    double value = 0;
    if (at > bytes.size() || bytes.size() - at < sizeof value) return fail(), 0;
    std::memcpy(&value, bytes.data() + at, sizeof value);
    at += sizeof value;
    return value;
  }
  std::string_view take(std::size_t size) {
    if (at > bytes.size() || bytes.size() - at < size) return fail(), std::string_view();
    auto const taken = bytes.substr(at, size);
    at += size;
    return taken;
  }

 private:
  void fail() {
    failed = true;
    at = bytes.size();
  }
};

}  // namespace sift::rules
