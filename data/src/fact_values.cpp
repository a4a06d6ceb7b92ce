#include "sift/data/fact_values.hpp"

#include <fmt/format.h>

#include "packed_bytes.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

enum Tag : std::uint8_t {
  unknown_tag,
  none_tag,
  false_tag,
  true_tag,
  number_tag,
  text_tag,
  date_tag,
  duration_tag,
  items_tag,
};

// Dates are days since 1970 either side of it; stored offset so that the varint is unsigned.
constexpr std::int64_t date_offset = std::int64_t{1} << 31;
// Deeper than any form nests (a list of records of lists): damaged bytes cannot recurse far.
constexpr int deepest = 16;

void pack(rules::Value const& value, std::string& out) {
  std::visit(
      [&out](auto const& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, rules::Unknown>) {
          out += static_cast<char>(unknown_tag);
        } else if constexpr (std::is_same_v<T, rules::None>) {
          out += static_cast<char>(none_tag);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += static_cast<char>(v ? true_tag : false_tag);
        } else if constexpr (std::is_same_v<T, double>) {
          out += static_cast<char>(number_tag);
          append_double(out, v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          out += static_cast<char>(text_tag);
          append_varint(out, static_cast<std::int64_t>(v.size()));
          out += v;
        } else if constexpr (std::is_same_v<T, rules::Date>) {
          out += static_cast<char>(date_tag);
          append_varint(out, v.days + date_offset);
          append_varint(out, v.span);
        } else if constexpr (std::is_same_v<T, rules::Duration>) {
          out += static_cast<char>(duration_tag);
          append_double(out, v.days);
        } else {
          out += static_cast<char>(items_tag);
          append_varint(out, static_cast<std::int64_t>(v.size()));
          for (auto const& item : v)
            pack(item, out);
        }
      },
      value.data);
}

// Passes over one packed value without reading it.
bool skip(ByteReader& in, int depth) {
  switch (in.byte()) {
    case unknown_tag:
    case none_tag:
    case false_tag:
    case true_tag:
      break;
    case number_tag:
    case duration_tag:
      in.take(sizeof(double));
      break;
    case text_tag:
      in.take(static_cast<std::size_t>(in.varint()));
      break;
    case date_tag:
      in.varint();
      in.varint();
      break;
    case items_tag: {
      if (depth >= deepest) return false;
      auto const count = static_cast<std::uint64_t>(in.varint());
      for (std::uint64_t i = 0; i < count && !in.failed; ++i)
        if (!skip(in, depth + 1)) return false;
      break;
    }
    default:
      return false;
  }
  return !in.failed;
}

// `wanted`: for a record, its members to read (the others are left unknown); with `in_list`,
// the same for each record of a list. Null: everything.
bool unpack(ByteReader& in, rules::Value& out, int depth, std::vector<bool> const* wanted = nullptr,
            bool in_list = false) {
  switch (in.byte()) {
    case unknown_tag:
      out.data = rules::Unknown{};
      break;
    case none_tag:
      out.data = rules::None{};
      break;
    case false_tag:
      out.data = false;
      break;
    case true_tag:
      out.data = true;
      break;
    case number_tag:
      out.data = in.number();
      break;
    case duration_tag:
      out.data = rules::Duration{in.number()};
      break;
    case text_tag: {
      auto const text = in.take(static_cast<std::size_t>(in.varint()));
      if (auto* reused = std::get_if<std::string>(&out.data))
        reused->assign(text);
      else
        out.data.emplace<std::string>(text);
      break;
    }
    case date_tag: {
      auto const days = in.varint() - date_offset;
      auto const span = in.varint();
      if (days < INT32_MIN || days > INT32_MAX || span < 0 || span > INT32_MAX) return false;
      out.data = rules::Date{static_cast<std::int32_t>(days), static_cast<std::int32_t>(span)};
      break;
    }
    case items_tag: {
      if (depth >= deepest) return false;
      auto const count = static_cast<std::uint64_t>(in.varint());
      if (count > in.bytes.size() - in.at) return false;  // each item takes a byte at least
      auto* items = std::get_if<rules::Items>(&out.data);
      if (!items) items = &out.data.emplace<rules::Items>();
      items->resize(count);
      for (std::size_t i = 0; i < count; ++i) {
        auto& item = (*items)[i];
        if (wanted && in_list) {
          if (!unpack(in, item, depth + 1, wanted, false)) return false;
        } else if (wanted && i < wanted->size() && !(*wanted)[i]) {
          if (!skip(in, depth + 1)) return false;
          item.data = rules::Unknown{};
        } else if (!unpack(in, item, depth + 1)) {
          return false;
        }
      }
      break;
    }
    default:
      return false;
  }
  return !in.failed;
}

}  // namespace

void pack_values(std::vector<rules::Value> const& fields, std::string& out) {
  append_varint(out, static_cast<std::int64_t>(fields.size()));
  std::string length;
  for (auto const& field : fields) {
    // The value is packed in place after a byte for its length, which nearly every value's
    // fits; a longer one's length moves it along.
    auto const at = out.size();
    out += '\0';
    pack(field, out);
    auto const size = out.size() - at - 1;
    if (size < 0x80) {
      out[at] = static_cast<char>(size);
      continue;
    }
    length.clear();
    append_varint(length, static_cast<std::int64_t>(size));
    out.replace(at, 1, length);
  }
}

bool unpack_values(std::string_view packed, std::vector<int> const& slots,
                   std::vector<rules::Value>& fields,
                   std::vector<rules::MembersRead> const* members) {
  ByteReader in{packed};
  if (static_cast<std::uint64_t>(in.varint()) != fields.size()) return false;
  auto wanted = slots.begin();
  for (std::size_t slot = 0; slot < fields.size() && wanted != slots.end(); ++slot) {
    ByteReader field{in.take(static_cast<std::size_t>(in.varint()))};
    if (in.failed) return false;
    if (static_cast<int>(slot) != *wanted) continue;
    ++wanted;
    rules::MembersRead const* read =
        members && slot < members->size() && !(*members)[slot].members.empty() ? &(*members)[slot]
                                                                               : nullptr;
    if (!unpack(field, fields[slot], 0, read ? &read->members : nullptr, read && read->in_list) ||
        !field.done())
      return false;
  }
  return wanted == slots.end();
}

std::string facts_digest(std::string_view facts, std::string_view values, int values_version) {
  if (values.empty()) return sha256_hex(facts);
  Sha256 hash;
  hash.add(facts);
  hash.add(fmt::format("\n{}\n", values_version));
  hash.add(values);
  return hash.hex();
}

}  // namespace sift::data
