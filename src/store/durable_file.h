// Putting a finished file in place so that it survives a crash: backups are
// written to PATH.tmp, then fsync'd and renamed over PATH, then the directory
// is fsync'd, so PATH is either the old file or the complete new one.
#pragma once

#include <string>

namespace dj::store::detail {

// Creates the parent directories of `path` (no-op for a bare file name).
void create_parent_dirs(const std::string& path);

// fsync(tmp), rename(tmp, path), fsync(directory). Throws Error(other) on failure.
void durable_rename(const std::string& tmp, const std::string& path);

}  // namespace dj::store::detail
