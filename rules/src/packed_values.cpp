#include "sift/rules/packed_values.hpp"

namespace sift::rules {

namespace {

// `wanted`: for a record, its members to read (the others are left unknown); with `in_list`,
// the same for each record of a list. Null: everything.
bool unpack(ByteReader& in, Value& out, int depth, std::vector<bool> const* wanted = nullptr,
            bool in_list = false) {
  switch (static_cast<PackedTag>(in.byte())) {
    case PackedTag::unknown:
      out.data = Unknown{};
      break;
    case PackedTag::none:
      out.data = None{};
      break;
    case PackedTag::no:
      out.data = false;
      break;
    case PackedTag::yes:
      out.data = true;
      break;
    case PackedTag::number:
      out.data = in.number();
      break;
    case PackedTag::duration:
      out.data = Duration{in.number()};
      break;
    case PackedTag::text: {
      auto const text = in.take(static_cast<std::size_t>(in.varint()));
      if (auto* reused = std::get_if<std::string>(&out.data))
        reused->assign(text);
      else
        out.data.emplace<std::string>(text);
      break;
    }
    case PackedTag::date: {
      auto const days = in.varint() - packed_date_offset;
      auto const span = in.varint();
      if (days < INT32_MIN || days > INT32_MAX || span < 0 || span > INT32_MAX) return false;
      out.data = Date{static_cast<std::int32_t>(days), static_cast<std::int32_t>(span)};
      break;
    }
    case PackedTag::items: {
      if (depth >= packed_depth_limit) return false;
      auto const count = static_cast<std::uint64_t>(in.varint());
      if (count > in.bytes.size() - in.at) return false;  // each item takes a byte at least
      auto* items = std::get_if<Items>(&out.data);
      if (!items) items = &out.data.emplace<Items>();
      items->resize(count);
      for (std::size_t i = 0; i < count; ++i) {
        auto& item = (*items)[i];
        if (wanted && in_list) {
          if (!unpack(in, item, depth + 1, wanted, false)) return false;
        } else if (wanted && i < wanted->size() && !(*wanted)[i]) {
          if (!skip_packed(in)) return false;
          item.data = Unknown{};
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

void pack_value(Value const& value, std::string& out) {
  std::visit(
      [&out](auto const& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Unknown>) {
          out += static_cast<char>(PackedTag::unknown);
        } else if constexpr (std::is_same_v<T, None>) {
          out += static_cast<char>(PackedTag::none);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += static_cast<char>(v ? PackedTag::yes : PackedTag::no);
        } else if constexpr (std::is_same_v<T, double>) {
          out += static_cast<char>(PackedTag::number);
          append_double(out, v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          out += static_cast<char>(PackedTag::text);
          append_varint(out, static_cast<std::int64_t>(v.size()));
          out += v;
        } else if constexpr (std::is_same_v<T, Date>) {
          out += static_cast<char>(PackedTag::date);
          append_varint(out, v.days + packed_date_offset);
          append_varint(out, v.span);
        } else if constexpr (std::is_same_v<T, Duration>) {
          out += static_cast<char>(PackedTag::duration);
          append_double(out, v.days);
        } else {
          out += static_cast<char>(PackedTag::items);
          append_varint(out, static_cast<std::int64_t>(v.size()));
          for (auto const& item : v)
            pack_value(item, out);
        }
      },
      value.data);
}

void pack_values(std::vector<Value> const& fields, std::string& out) {
  append_varint(out, static_cast<std::int64_t>(fields.size()));
  std::string length;
  for (auto const& field : fields) {
    // The value is packed in place after a byte for its length, which nearly every value's
    // fits; a longer one's length moves it along.
    auto const at = out.size();
    out += '\0';
    pack_value(field, out);
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
                   std::vector<Value>& fields, std::vector<MembersRead> const* members) {
  ByteReader in{packed};
  if (static_cast<std::uint64_t>(in.varint()) != fields.size()) return false;
  auto wanted = slots.begin();
  for (std::size_t slot = 0; slot < fields.size() && wanted != slots.end(); ++slot) {
    ByteReader field{in.take(static_cast<std::size_t>(in.varint()))};
    if (in.failed) return false;
    if (static_cast<int>(slot) != *wanted) continue;
    ++wanted;
    MembersRead const* read = members && slot < members->size() && !(*members)[slot].members.empty()
                                  ? &(*members)[slot]
                                  : nullptr;
    if (!unpack(field, fields[slot], 0, read ? &read->members : nullptr, read && read->in_list) ||
        !field.done())
      return false;
  }
  return wanted == slots.end();
}

bool skip_packed(ByteReader& in) {
  // A loop over the values still to pass, not a recursion: lists of records are skipped many
  // times an applicant, and damaged bytes cannot nest it deep.
  std::uint64_t pending = 1;
  while (pending > 0 && !in.failed) {
    --pending;
    switch (static_cast<PackedTag>(in.byte())) {
      case PackedTag::unknown:
      case PackedTag::none:
      case PackedTag::no:
      case PackedTag::yes:
        break;
      case PackedTag::number:
      case PackedTag::duration:
        in.take(sizeof(double));
        break;
      case PackedTag::text:
        in.take(static_cast<std::size_t>(in.varint()));
        break;
      case PackedTag::date:
        in.varint();
        in.varint();
        break;
      case PackedTag::items: {
        auto const count = static_cast<std::uint64_t>(in.varint());
        if (count > in.bytes.size() - in.at) return false;  // each item takes a byte at least
        pending += count;
        break;
      }
      default:
        return false;
    }
  }
  return !in.failed;
}

bool packed_fields(std::string_view packed, std::vector<std::string_view>& fields) {
  ByteReader in{packed};
  if (static_cast<std::uint64_t>(in.varint()) != fields.size()) return false;
  for (auto& field : fields)
    field = in.take(static_cast<std::size_t>(in.varint()));
  return !in.failed && in.done();
}

}  // namespace sift::rules
