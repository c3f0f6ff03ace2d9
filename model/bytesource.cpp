#include "model/bytesource.h"

#include "model/dataset.h"

namespace vae {

FileRegionSource::FileRegionSource(std::ifstream& in, std::string file, uint64_t offset, uint64_t size)
    : in_(in), file_(std::move(file)), size_(size), remaining_(size) {
  in_.clear();
  in_.seekg(static_cast<std::streamoff>(offset));
}

void FileRegionSource::read(uint8_t* dst, size_t n) {
  if (n > remaining_) throw DatasetError(file_, "ends early: the data is shorter than its header says (truncated?)");
  if (n > 0 && !in_.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n)))
    throw DatasetError(file_, "read error (file truncated while reading?)");
  remaining_ -= n;
}

}  // namespace vae
