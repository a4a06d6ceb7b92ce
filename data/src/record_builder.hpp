// Building an application record's JSON member by member, as the workbook and Teaching
// Vacancies imports gather it from their own shapes.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text.hpp"

namespace sift::data {

// A record's members as they are gathered, by dotted path ("pay.scale"), written out nested.
class RecordBuilder {
 public:
  void set(std::string_view path, std::string json) {
    auto const dot = path.find('.');
    if (dot == std::string::npos) {
      member(path).json = std::move(json);
      return;
    }
    auto& inner = member(path.substr(0, dot));
    if (!inner.record) inner.record = std::make_unique<RecordBuilder>();
    inner.record->set(path.substr(dot + 1), std::move(json));
  }
  // False when the list was said to be none.
  bool append(std::string_view list, std::string json) {
    auto& m = member(list);
    if (!m.json.empty()) return false;
    m.items.push_back(std::move(json));
    return true;
  }
  bool empty() const { return members_.empty(); }
  std::string json() const {
    std::string out = "{";
    for (auto const& m : members_) {
      if (out.size() > 1) out += ',';
      append_json_string(out, m.key);
      out += ':';
      if (m.record)
        out += m.record->json();
      else if (!m.json.empty())
        out += m.json;
      else
        out += fmt::format("[{}]", fmt::join(m.items, ","));
    }
    return out + "}";
  }

 private:
  struct Member {
    std::string key;
    std::string json;
    std::unique_ptr<RecordBuilder> record;
    std::vector<std::string> items;
  };
  Member& member(std::string_view key) {
    for (auto& m : members_)
      if (m.key == key) return m;
    members_.push_back({std::string(key), {}, nullptr, {}});
    return members_.back();
  }
  std::vector<Member> members_;
};

}  // namespace sift::data
