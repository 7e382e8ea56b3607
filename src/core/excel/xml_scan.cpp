#include "core/excel/xml_scan.h"

#include <algorithm>
#include <utility>

#include "core/excel/xlsx_errors.h"
#include "core/excel/xlsx_limits.h"

namespace dj::excel::detail {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

// Longest namespace prefix (with its colon) recognised before a name; real
// ones are "x:", "x14ac:".
constexpr std::size_t kMaxPrefix = 63;

bool ends_name(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/'; }

}  // namespace

ElementScanner::ElementScanner(std::string local_name, std::function<void(std::string_view)> on_element,
                               Deliver deliver)
    : name_(std::move(local_name)), on_element_(std::move(on_element)), deliver_(deliver) {}

void ElementScanner::check_held() const {
  if (buf_.size() > kMaxElementBytes) throw_limit(Limit::element_bytes);
}

void ElementScanner::feed(std::string_view chunk) {
  buf_.append(chunk);
  std::size_t from = 0;
  for (;;) {
    if (end_tag_.empty()) {
      // Searching for the name itself (not each '<') keeps the pass that
      // only wants <mergeCell> fast over a sheet of cells.
      if (!find_start(from)) return check_held();
      content_from_ = search_from_;  // just past the start tag
    }
    // Inside an element that starts at buf_[origin_] (Deliver::content:
    // whose content before buf_[content_from_] has been passed on).
    const std::size_t end = buf_.find(end_tag_, search_from_);
    if (end == std::string::npos) {
      // An end tag cut by the chunk edge starts at `keep` or later.
      const std::size_t keep = buf_.size() >= end_tag_.size() ? buf_.size() - end_tag_.size() + 1 : 0;
      if (deliver_ == Deliver::content) {
        const std::size_t upto = std::max(keep, content_from_);
        if (upto > content_from_) on_element_(std::string_view(buf_).substr(content_from_, upto - content_from_));
        buf_.erase(0, upto);
        content_from_ = search_from_ = 0;
      } else {
        // Only the unfinished element is kept: it moves to the front once
        // per chunk, not once per element.
        buf_.erase(0, origin_);
        search_from_ = keep > origin_ ? keep - origin_ : 0;
      }
      origin_ = 0;
      return check_held();
    }
    const std::size_t len = end + end_tag_.size();
    if (deliver_ == Deliver::content) {
      if (end > content_from_) on_element_(std::string_view(buf_).substr(content_from_, end - content_from_));
    } else {
      if (len - origin_ > kMaxElementBytes) throw_limit(Limit::element_bytes);
      on_element_(std::string_view(buf_).substr(origin_, len - origin_));
    }
    end_tag_.clear();
    from = len;
  }
}

bool ElementScanner::find_start(std::size_t from) {
  std::size_t done = from;  // everything before this has been handed out
  for (;;) {
    const std::size_t hit = buf_.find(name_, from);
    if (hit == std::string::npos) {
      // Keep a tail that could be the start of a tag cut by the chunk edge.
      const std::size_t keep = name_.size() + kMaxPrefix + 1;
      buf_.erase(0, std::max(done, buf_.size() > keep ? buf_.size() - keep : 0));
      return false;
    }
    const std::size_t after = hit + name_.size();
    // Back over a prefix ("x:"); bounded, so text such as "rowrowrow…" is
    // not walked back over once per hit.
    std::size_t lt = hit;
    while (lt > 0 && hit - lt < kMaxPrefix && is_name_char(buf_[lt - 1])) --lt;
    const bool local_match = lt > 0 && buf_[lt - 1] == '<' && (lt == hit || buf_[hit - 1] == ':');
    if (!local_match) {
      from = hit + 1;
      continue;
    }
    if (after >= buf_.size()) {  // cannot tell <row from <rowBreaks yet
      buf_.erase(0, lt - 1);
      return false;
    }
    if (!ends_name(buf_[after])) {
      from = hit + 1;
      continue;
    }
    const std::size_t start = lt - 1;
    const std::size_t gt = buf_.find('>', after);
    if (gt == std::string::npos) {  // start tag not complete yet
      buf_.erase(0, start);
      return false;
    }
    if (gt + 1 - start > kMaxElementBytes) throw_limit(Limit::element_bytes);
    if (buf_[gt - 1] == '/') {  // self-closing: the element is the tag
      if (deliver_ == Deliver::content) {
        from = done = gt + 1;
        continue;
      }
      on_element_(std::string_view(buf_).substr(start, gt + 1 - start));
      from = done = gt + 1;
      continue;
    }
    end_tag_ = "</" + buf_.substr(lt, after - lt) + ">";
    // Not erased up to `start` here: a 64 KiB chunk holds a hundred rows,
    // and moving the rest of it to the front for each cost more than
    // reading them (0.3 s of a 100,000-row roster).
    origin_ = start;
    search_from_ = gt + 1;
    return true;
  }
}

}  // namespace dj::excel::detail
