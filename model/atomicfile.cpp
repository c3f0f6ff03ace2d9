#include "model/atomicfile.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vae {

namespace {
std::runtime_error fileError(const std::string& path, const std::string& what) {
  return std::runtime_error(path + ": " + what);
}

void writeAll(int fd, const std::string& bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fileError(path, std::string("cannot write: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
}

// Removes the temp files that writers of the same target left when they were killed mid-write (kill -9,
// power loss). Every writer holds an exclusive flock on its temp file until after the rename, and the
// kernel drops it when the writer dies; so a temp file whose lock we get belongs to nobody. Best effort.
void removeDeadWritersTempFiles(const std::filesystem::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() != prefix.size() + 6 || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string path = it->path().string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    struct stat opened {}, named {};
    // Still the file we opened (not renamed away by a writer that just finished): then it is dead.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &opened) == 0 && ::lstat(path.c_str(), &named) == 0 &&
        opened.st_dev == named.st_dev && opened.st_ino == named.st_ino)
      ::unlink(path.c_str());
    ::close(fd);
  }
}
}  // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (fs::is_directory(target)) throw fileError(path, "is a directory");
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // The temp file lives in the target's directory so that rename() is atomic (same file system).
  const std::string tempPrefix = "." + target.filename().string() + ".tmp-";
  std::string tmpl;
  int fd = -1;
  for (;;) {
    tmpl = (dir / (tempPrefix + "XXXXXX")).string();
    fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw fileError(path, std::string("cannot create file: ") + std::strerror(errno));
    // Locked until after the rename, so removeDeadWritersTempFiles of another writer leaves it alone.
    // (Where the file system has no flock, nobody can lock it, so nobody removes it either.)
    struct stat st {};
    if (::flock(fd, LOCK_EX) != 0 || ::fstat(fd, &st) != 0 || st.st_nlink > 0) break;
    ::close(fd);  // removed as stale between mkstemp and flock: take another name
  }
  try {
    writeAll(fd, bytes, path);
    if (::fsync(fd) != 0) throw fileError(path, std::string("fsync failed: ") + std::strerror(errno));
    // mkstemp creates 0600; a saved file should get the usual permissions.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    // Renamed while still open and locked (the data is on disk since the fsync above).
    if (::rename(tmpl.c_str(), path.c_str()) != 0)
      throw fileError(path, std::string("cannot replace file: ") + std::strerror(errno));
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) throw fileError(path, std::string("close failed: ") + std::strerror(errno));
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmpl.c_str());
    throw;
  }
  // Persist the rename itself.
  int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  // Without this, every write killed mid-way would leave its temp file (as large as the target) forever.
  removeDeadWritersTempFiles(dir, tempPrefix);
}

std::string readWholeFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw fileError(path, "no such file");
  if (fs::is_directory(path, ec)) throw fileError(path, "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fileError(path, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw fileError(path, "read error");
  return ss.str();
}

}  // namespace vae
