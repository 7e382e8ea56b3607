// Finds the elements with one local name in XML that arrives in chunks, so
// a worksheet of any length is parsed one <row> at a time (pugixml, which
// the reader uses for the elements themselves, can only parse whole
// documents). Prefixes are ignored: <x:row> matches "row", as some .NET
// writers emit.
//
// This is not a general XML parser. It relies on what holds in the parts
// of an .xlsx it is used on: the wanted elements do not nest, and their
// text cannot contain '<' (XML escapes it).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace dj::excel::detail {

class ElementScanner {
 public:
  // `on_element` receives each complete element, from its '<' to the end
  // of its end tag (or of the start tag when it is self-closing).
  ElementScanner(std::string local_name, std::function<void(std::string_view)> on_element);
  void feed(std::string_view chunk);

 private:
  // Looks for the next start tag from buf_[from]; returns false when more
  // input is needed (buf_ then keeps only what may still matter).
  bool find_start(std::size_t from);

  std::string name_;
  std::function<void(std::string_view)> on_element_;
  std::string buf_;
  std::string end_tag_;        // "</x:row>" while inside an element, else empty
  std::size_t search_from_ = 0;  // where to look next for end_tag_
};

}  // namespace dj::excel::detail
