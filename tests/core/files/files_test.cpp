#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/files/files.h"
#include "core/tasks/tasks.h"

namespace {

using dj::ApiError;
using dj::files::check_evidence;

const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(16, '\0');
const std::string kPdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\n";
const std::string kZip = std::string("PK\x03\x04", 4) + std::string(26, '\0');
const std::string kOle = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(16, '\0');

int status_of(std::string_view name, const std::string& bytes, std::size_t max = dj::files::kMaxEvidenceBytes) {
  try {
    check_evidence(name, bytes, max);
    return 200;
  } catch (const ApiError& e) {
    return e.status();
  }
}

TEST(Evidence, AcceptsImagesPdfAndOfficeWhenTheBytesMatchTheExtension) {
  EXPECT_EQ(check_evidence("现场照片.PNG", kPng).mime, "image/png");
  EXPECT_EQ(check_evidence("会议纪要.pdf", kPdf).mime, "application/pdf");
  EXPECT_EQ(check_evidence("总结.docx", kZip).mime,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(check_evidence("台账.xls", kOle).mime, "application/vnd.ms-excel");
  EXPECT_EQ(check_evidence("IMG_0001.jpeg", "\xFF\xD8\xFF\xE0 jfif").mime, "image/jpeg");
}

TEST(Evidence, RefusesRenamedAndUnknownTypesWith415) {
  EXPECT_EQ(status_of("报告.pdf", "MZ\x90\x00 this is an exe"), 415);
  EXPECT_EQ(status_of("病毒.exe", "MZ\x90\x00"), 415);
  EXPECT_EQ(status_of("照片.png", kPdf), 415);
  EXPECT_EQ(status_of("无扩展名", kPdf), 415);
  EXPECT_EQ(status_of("脚本.html", "<html>"), 415);
}

TEST(Evidence, RefusesOversizeWith413AndSaysTheLimit) {
  std::string big = kPdf + std::string(1024, 'x');
  EXPECT_EQ(status_of("大文件.pdf", big, 1024), 413);
  EXPECT_EQ(status_of("刚好.pdf", big, big.size()), 200);
  try {
    check_evidence("大文件.pdf", std::string(dj::files::kMaxEvidenceBytes + 1, 'x'));
    FAIL() << "accepted an oversize file";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "file_too_large");
    EXPECT_NE(e.message().find("20 MB"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("大文件.pdf"), std::string::npos) << e.message();
  }
}

TEST(Evidence, EmptyFilesAndMissingNamesAreRefused) {
  EXPECT_EQ(status_of("空.pdf", ""), 422);
  EXPECT_EQ(status_of("", kPdf), 422);
}

TEST(Evidence, NamesLosePathsAndControlCharacters) {
  EXPECT_EQ(check_evidence("C:\\fakepath\\会议\t照片.png", kPng).name, "会议照片.png");
  EXPECT_EQ(check_evidence("../../etc/x.pdf", kPdf).name, "x.pdf");
}

TEST(FileStoreTest, StoresOncePerContentUnderItsHash) {
  auto dir = std::filesystem::temp_directory_path() / ("dj-files-" + dj::crypto::random_token(6));
  dj::files::FileStore fs(dir.string());
  std::string a = fs.put(kPdf);
  EXPECT_EQ(a, dj::crypto::sha256_hex(kPdf));
  EXPECT_TRUE(fs.exists(a));
  EXPECT_EQ(fs.put(kPdf), a);  // the same content is not written twice
  std::ifstream in(fs.path_of(a), std::ios::binary);
  std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(back, kPdf);
  EXPECT_FALSE(fs.exists(dj::crypto::sha256_hex("other")));
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++files;
  EXPECT_EQ(files, 1u);  // no temp file left behind
  std::filesystem::remove_all(dir);
}

TEST(FileStoreTest, ServesImagesInlineAndOfficeAsAttachmentsWithTheChineseName) {
  auto dir = std::filesystem::temp_directory_path() / ("dj-files-" + dj::crypto::random_token(6));
  dj::files::FileStore fs(dir.string());
  std::string sha = fs.put(kPng);
  auto r = dj::files::serve(fs, sha, "image/png", "照片.png");
  EXPECT_EQ(r.body, kPng);
  EXPECT_EQ(r.content_type, "image/png");
  std::string disposition;
  for (const auto& h : r.headers)
    if (h.first == "Content-Disposition") disposition = h.second;
  EXPECT_EQ(disposition.rfind("inline;", 0), 0u) << disposition;
  EXPECT_NE(disposition.find("%E7%85%A7%E7%89%87.png"), std::string::npos) << disposition;
  auto doc = dj::files::serve(fs, sha, "application/msword", "a.doc");
  std::string doc_disposition;
  for (const auto& h : doc.headers)
    if (h.first == "Content-Disposition") doc_disposition = h.second;
  EXPECT_EQ(doc_disposition.rfind("attachment;", 0), 0u) << doc_disposition;
  EXPECT_THROW(dj::files::serve(fs, dj::crypto::sha256_hex("gone"), "image/png", "x.png"), ApiError);
  std::filesystem::remove_all(dir);
}

TEST(Tasks, TodayIsAnIsoDate) {
  EXPECT_TRUE(std::regex_match(dj::tasks::today_beijing(), std::regex(R"(20\d\d-[01]\d-[0-3]\d)")));
}

}  // namespace
