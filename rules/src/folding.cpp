#include "sift/rules/folding.hpp"

#include <utf8proc.h>

#include <cstdlib>

namespace sift::rules {

std::string folded(std::string_view text, Accents accents) {
  auto options = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
  if (accents == Accents::ignored) options |= UTF8PROC_STRIPMARK;
  utf8proc_uint8_t* out = nullptr;
  auto const length = utf8proc_map(reinterpret_cast<utf8proc_uint8_t const*>(text.data()),
                                   static_cast<utf8proc_ssize_t>(text.size()), &out,
                                   static_cast<utf8proc_option_t>(options));
  if (length < 0) return std::string(text);
  std::string result(reinterpret_cast<char const*>(out), static_cast<std::size_t>(length));
  std::free(out);
  return result;
}

}  // namespace sift::rules
