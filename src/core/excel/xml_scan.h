// Finds the elements with one local name in XML that arrives in chunks, so
// a worksheet of any length is parsed one <row> at a time (pugixml, which
// the reader uses for the elements themselves, can only parse whole
// documents). Prefixes are ignored: <x:row> matches "row", as some .NET
// writers emit.
//
// This is not a general XML parser. It relies on what holds in the parts
// of an .xlsx it is used on: the wanted elements do not nest, and their
// text cannot contain '<' (XML escapes it).
//
// Memory: an element is buffered until its end tag arrives, so no more than
// kMaxElementBytes (xlsx_limits.h) plus one chunk is ever held; an element
// (or a start tag) that grows past it throws the reader's runtime_error
// (Limit::element_bytes) instead of buffering a never-ending row whole.
// Containers that may be large (<cellXfs> with 64,000 formats) are read
// with Deliver::content, which passes their content on as it arrives.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace dj::excel::detail {

class ElementScanner {
 public:
  enum class Deliver {
    whole,    // on_element gets each complete element, from its '<' to the end
              // of its end tag (or of the start tag when it is self-closing)
    content,  // on_element gets what lies between the start and the end tag,
              // in pieces as it arrives (nothing for a self-closing element);
              // typically fed to another scanner for the children
  };
  ElementScanner(std::string local_name, std::function<void(std::string_view)> on_element,
                 Deliver deliver = Deliver::whole);
  void feed(std::string_view chunk);

 private:
  // Looks for the next start tag from buf_[from]; returns false when more
  // input is needed (buf_ then keeps only what may still matter).
  bool find_start(std::size_t from);
  // Throws when what is held back for the current element is over the cap.
  void check_held() const;

  std::string name_;
  std::function<void(std::string_view)> on_element_;
  Deliver deliver_;
  std::string buf_;
  std::string end_tag_;          // "</x:row>" while inside an element, else empty
  std::size_t origin_ = 0;       // where in buf_ that element starts
  std::size_t search_from_ = 0;  // where to look next for end_tag_
  std::size_t content_from_ = 0;  // Deliver::content: first byte not yet passed on
};

}  // namespace dj::excel::detail
