#include "model/datasetfiles.h"

#include <cerrno>
#include <cstring>

namespace vae {

namespace fs = std::filesystem;

std::ifstream openBinaryFile(const std::string& path, uint64_t& size) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) throw DatasetError(path, "file not found");
  if (fs::is_directory(st)) throw DatasetError(path, "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DatasetError(path, std::string("cannot open: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff end = in.tellg();
  if (end < 0) throw DatasetError(path, "cannot determine file size");
  in.seekg(0, std::ios::beg);
  size = static_cast<uint64_t>(end);
  return in;
}

std::vector<uint8_t> readFileBytes(const std::string& path) {
  uint64_t size = 0;
  std::ifstream in = openBinaryFile(path, size);
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
    throw DatasetError(path, "read error");
  return bytes;
}

bool pathExists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

void checkLabelRange(const torch::Tensor& labels, int64_t classes, const std::string& path, const char* unit) {
  const torch::Tensor bad = (labels < 0).logical_or(labels >= classes).nonzero();
  if (bad.size(0) == 0) return;
  const int64_t at = bad[0][0].item<int64_t>();
  throw DatasetError(path, "label value " + std::to_string(labels[at].item<int64_t>()) + " in " + unit + " " +
                               std::to_string(at) + " out of range (expected 0.." +
                               std::to_string(classes - 1) + ")");
}

}  // namespace vae
