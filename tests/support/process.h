#pragma once

#include <unistd.h>

#include <cstdio>

// What the tests measure of their own process.
namespace vae::test {

// Resident memory of this process in bytes (/proc/self/statm), or -1 when it cannot be read.
inline long residentBytes() {
  long pages = 0, resident = 0;
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  const int n = std::fscanf(f, "%ld %ld", &pages, &resident);
  std::fclose(f);
  return n == 2 ? resident * ::sysconf(_SC_PAGESIZE) : -1;
}

// Under AddressSanitizer freed blocks wait in its quarantine (up to 256 MB), so RSS growth measures ASan, not
// the code; LeakSanitizer checks such a build for leaks instead, at exit.
#ifdef __SANITIZE_ADDRESS__
inline constexpr bool kRssIsMeaningful = false;
#else
inline constexpr bool kRssIsMeaningful = true;
#endif
inline constexpr const char* kRssSkipReason =
    "RSS growth is not measurable under AddressSanitizer (its quarantine); LeakSanitizer checks";

}  // namespace vae::test
