// Small text helpers of the data layer: JSON string escaping, SHA-256, timestamps.
#pragma once

#include <string>
#include <string_view>

namespace sift::data {

// Whether `text` is empty or only spaces, tabs and line ends: a reason, a name or an input line
// that says nothing.
bool is_blank(std::string_view text);

// `text` without the spaces, tabs and line ends at either end: a cell as a person means it.
std::string trimmed(std::string_view text);

// `text` with its ASCII letters in lower case ("Yes" is "yes"); other bytes as they are.
std::string lower_ascii(std::string text);

// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);
void append_json_string(std::string& out, std::string_view text);

// Lower-case hex SHA-256 of the bytes (OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);

// Lower-case hex HMAC-SHA-256 of the bytes under a key.
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

// SHA-256 over data given in pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256 const&) = delete;
  Sha256& operator=(Sha256 const&) = delete;
  void add(std::string_view bytes);
  std::string hex();  // finishes the digest

 private:
  void* context_;
};

// The current time in UTC, ISO 8601 to the millisecond: "2026-11-23T18:50:00.123Z".
std::string now_utc();

}  // namespace sift::data
