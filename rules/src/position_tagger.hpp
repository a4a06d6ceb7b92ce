// Records where each position-tagged node of the syntax tree starts and ends. X3's
// annotate_on_success calls tag() through the error_handler_tag slot of the context; we use our
// own small object there because X3 1.74's error_handler mis-reports columns (see docs).
#pragma once

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace sift::rules::grammar {

struct SourceSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

class PositionTagger {
 public:
  explicit PositionTagger(std::string const& text) : text_(text) {}

  template <typename Node, typename Iterator>
  void tag(Node& node, Iterator first, Iterator last) {
    if constexpr (std::is_base_of_v<boost::spirit::x3::position_tagged, std::remove_cv_t<Node>>) {
      node.id_first = static_cast<int>(spans_.size());
      node.id_last = node.id_first;
      spans_.push_back({static_cast<std::size_t>(first - text_.begin()),
                        static_cast<std::size_t>(last - text_.begin())});
    }
  }

  std::vector<SourceSpan> take_spans() { return std::move(spans_); }

 private:
  std::string const& text_;
  std::vector<SourceSpan> spans_;
};

}  // namespace sift::rules::grammar
