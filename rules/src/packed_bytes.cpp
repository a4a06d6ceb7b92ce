#include "sift/rules/packed_bytes.hpp"

namespace sift::rules {

void append_varint(std::string& out, std::int64_t value) {
  auto v = static_cast<std::uint64_t>(value);
  while (v >= 0x80) {
    out += static_cast<char>(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out += static_cast<char>(static_cast<std::uint8_t>(v));
}

void append_double(std::string& out, double value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

}  // namespace sift::rules
