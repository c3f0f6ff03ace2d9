#include "model/atomicfile.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
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
}  // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (fs::is_directory(target)) throw fileError(path, "is a directory");
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // The temp file lives in the target's directory so that rename() is atomic (same file system).
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw fileError(path, std::string("cannot create file: ") + std::strerror(errno));
  try {
    writeAll(fd, bytes, path);
    if (::fsync(fd) != 0) throw fileError(path, std::string("fsync failed: ") + std::strerror(errno));
    // mkstemp creates 0600; a saved file should get the usual permissions.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (::close(fd) != 0) {
      fd = -1;
      throw fileError(path, std::string("close failed: ") + std::strerror(errno));
    }
    fd = -1;
    if (::rename(tmpl.c_str(), path.c_str()) != 0)
      throw fileError(path, std::string("cannot replace file: ") + std::strerror(errno));
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
