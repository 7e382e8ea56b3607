#include "core/files/files.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "core/crypto/crypto.h"
#include "core/download.h"
#include "core/error.h"

namespace dj::files {
namespace fs = std::filesystem;
namespace {

struct Type {
  const char* ext;
  const char* mime;
  bool (*matches)(std::string_view bytes);
  bool inline_view;  // shown in the browser rather than downloaded
};

bool starts(std::string_view b, std::string_view sig) { return b.substr(0, sig.size()) == sig; }
bool jpeg(std::string_view b) { return starts(b, "\xFF\xD8\xFF"); }
bool png(std::string_view b) { return starts(b, "\x89PNG\r\n\x1A\n"); }
bool gif(std::string_view b) { return starts(b, "GIF87a") || starts(b, "GIF89a"); }
bool webp(std::string_view b) { return b.size() >= 12 && starts(b, "RIFF") && b.substr(8, 4) == "WEBP"; }
bool pdf(std::string_view b) { return starts(b, "%PDF-"); }
// Office 2007+ (and WPS's newer files) are zip archives; the older binary
// formats (and WPS's .wps/.et) are OLE compound files.
bool zip(std::string_view b) { return starts(b, std::string_view("PK\x03\x04", 4)); }
bool ole(std::string_view b) { return starts(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"); }
bool zip_or_ole(std::string_view b) { return zip(b) || ole(b); }

const std::array<Type, 14> kTypes = {{
    {"jpg", "image/jpeg", jpeg, true},
    {"jpeg", "image/jpeg", jpeg, true},
    {"png", "image/png", png, true},
    {"gif", "image/gif", gif, true},
    {"webp", "image/webp", webp, true},
    {"pdf", "application/pdf", pdf, true},
    {"doc", "application/msword", ole, false},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", zip, false},
    {"xls", "application/vnd.ms-excel", ole, false},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip, false},
    {"ppt", "application/vnd.ms-powerpoint", ole, false},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", zip, false},
    {"wps", "application/vnd.ms-works", zip_or_ole, false},
    {"et", "application/vnd.ms-excel", zip_or_ole, false},
}};

std::string lower_ascii(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

// The last path component without control characters: phones send
// "IMG_0001.JPG", old browsers "C:\fakepath\x.pdf".
std::string clean_name(std::string_view name) {
  auto cut = name.find_last_of("/\\");
  if (cut != std::string_view::npos) name = name.substr(cut + 1);
  std::string out;
  for (unsigned char ch : name)
    if (ch >= 0x20 && ch != 0x7F) out += static_cast<char>(ch);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  if (out.size() > 200) out = out.substr(out.size() - 200);  // keep the extension
  return out;
}

const Type* type_of(const std::string& name) {
  auto dot = name.find_last_of('.');
  if (dot == std::string::npos) return nullptr;
  std::string ext = lower_ascii(name.substr(dot + 1));
  for (const auto& t : kTypes)
    if (ext == t.ext) return &t;
  return nullptr;
}

std::string mb(std::size_t bytes) { return std::to_string(bytes / (1024 * 1024)); }

}  // namespace

Checked check_evidence(std::string_view raw_name, std::string_view bytes, std::size_t max_bytes) {
  std::string name = clean_name(raw_name);
  if (name.empty()) throw ApiError::invalid("请提供文件名。", "name");
  if (bytes.empty()) throw ApiError::invalid("文件“" + name + "”是空文件。", "file");
  if (bytes.size() > max_bytes)
    throw ApiError(413, "file_too_large", "文件“" + name + "”超过 " + mb(max_bytes) + " MB，请压缩后再上传。", "file");
  const Type* t = type_of(name);
  if (!t)
    throw ApiError(415, "file_type",
                   "文件“" + name + "”的类型不支持：请上传图片（jpg、png、gif、webp）、PDF 或 Office 文档（doc、docx、xls、xlsx、ppt、pptx、wps、et）。",
                   "file");
  if (!t->matches(bytes))
    throw ApiError(415, "file_type", "文件“" + name + "”的内容与扩展名 ." + t->ext + " 不符，可能已损坏或被改名。", "file");
  return {name, t->mime};
}

FileStore::FileStore(std::string data_dir) : root_(std::move(data_dir) + "/files") {}

std::string FileStore::path_of(std::string_view sha) const {
  return root_ + "/" + std::string(sha.substr(0, 2)) + "/" + std::string(sha);
}

bool FileStore::exists(std::string_view sha) const {
  std::error_code ec;
  return fs::exists(path_of(sha), ec);
}

std::string FileStore::put(std::string_view bytes) const {
  std::string sha = crypto::sha256_hex(bytes);
  std::string final_path = path_of(sha);
  if (exists(sha)) return sha;  // same content already kept: stored once
  fs::create_directories(fs::path(final_path).parent_path());
  // Written under a unique name and renamed: a reader never sees half a
  // file, and two uploads of the same content both end with one whole copy.
  std::string tmp = final_path + ".tmp-" + crypto::random_token(8);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("cannot write " + tmp);
    }
  }
  fs::rename(tmp, final_path);
  return sha;
}

http::Response serve(const FileStore& store, std::string_view sha, std::string_view mime, std::string_view name) {
  std::ifstream in(store.path_of(sha), std::ios::binary);
  if (!in) throw ApiError::not_found("文件已不存在。");
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  http::Response r = http::Response::text(std::move(body), std::string(mime));
  bool inline_view = false;
  for (const auto& t : kTypes)
    if (mime == t.mime && t.inline_view) inline_view = true;
  r.set_header("Content-Disposition", download::disposition(inline_view ? "inline" : "attachment", "file", name));
  r.set_header("Cache-Control", "private, max-age=3600");
  return r;
}

}  // namespace dj::files
