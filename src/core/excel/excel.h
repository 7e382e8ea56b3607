// Writing .xlsx files (libxlsxwriter, constant-memory mode so a million rows
// need no more memory than one). Every export in the product goes through this.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace dj::excel {

using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

struct WriterOptions {
  // false (exports): constant-memory mode, text as inline strings, memory
  // independent of the row count. true: a shared-string table, as Excel and
  // WPS save files — but libxlsxwriter then keeps every cell in memory until
  // close() (~100 bytes a cell). Only for test files (`dangjian bench roster`),
  // never for an export a server writes.
  bool shared_strings = false;
};

class Writer {
 public:
  // Writes the file at `path` (a temp file the caller moves into place or
  // streams). Rows go to temporary files as they come; `path` itself is
  // written by close(), so that is where a bad path is reported.
  explicit Writer(const std::string& path, const WriterOptions& options = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Starts a sheet with a bold, frozen header row and column widths that fit
  // Chinese headers. Rows follow with row().
  void sheet(const std::string& name, const std::vector<std::string>& headers);
  void row(const std::vector<Cell>& cells);
  // Closes the workbook; throws std::runtime_error on failure. Called by the
  // destructor if not called (errors then only logged).
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a whole file into memory (exports are served as a response body).
std::string read_file(const std::string& path);

}  // namespace dj::excel
