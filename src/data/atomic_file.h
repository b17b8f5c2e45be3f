// Writing a file so that readers see either the old content or the new, never half of it
// (STYLE.md §8: no output is left half-written).
#pragma once
#include <string>
#include <string_view>

namespace sendtwin::data {

// Writes `content` to `path + ".tmp.<pid>"` in the same directory, flushes it to disk, then renames
// it over `path`. On any failure the temporary file is removed, `path` is left as it was, and
// InputError(path, 0, "", reason) is thrown.
// First it removes what a writer of `path` killed mid-write (SIGKILL, power loss) left:
// `path + ".tmp.<pid>"` files whose process no longer exists (see remove_stale_temp_files).
void write_file_atomically(const std::string& path, std::string_view content);

// Removes the files `path + ".tmp.<pid>"` whose process <pid> no longer exists on this machine;
// never one of a live process. Errors are ignored (it is tidying, not writing).
void remove_stale_temp_files(const std::string& path);

}  // namespace sendtwin::data
