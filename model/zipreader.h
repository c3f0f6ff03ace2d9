#pragma once

#include "model/bytesource.h"

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace vae {

// One entry of a zip archive's central directory.
struct ZipEntry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;  // 0 stored, 8 deflate
  uint32_t crc = 0;
  uint64_t compressedSize = 0;
  uint64_t size = 0;  // uncompressed
  uint64_t localHeaderOffset = 0;
};

// The entries of a zip archive (an .npz file), read from its central directory without loading the file:
// what numpy's savez and savez_compressed write (stored or deflated entries, zip64 sizes and offsets). Sizes and
// offsets are checked against the file; a damaged or foreign file is a DatasetError naming it.
std::vector<ZipEntry> readZipDirectory(std::ifstream& in, uint64_t fileSize, const std::string& file);

// An entry's content front to back: stored bytes as they are, deflate inflated with zlib a piece at a time.
// It never yields more than the declared size, and finish() checks the CRC-32, so damage is reported, not read.
class ZipEntrySource : public ByteSource {
 public:
  ZipEntrySource(std::ifstream& in, uint64_t fileSize, const ZipEntry& entry, std::string file);
  ~ZipEntrySource() override;
  ZipEntrySource(const ZipEntrySource&) = delete;
  ZipEntrySource& operator=(const ZipEntrySource&) = delete;
  uint64_t size() const override { return entry_.size; }
  void read(uint8_t* dst, size_t n) override;
  void finish() override;
  const std::string& file() const override { return file_; }

 private:
  [[noreturn]] void fail(const std::string& problem) const;
  void inflateInto(uint8_t* dst, size_t n);

  std::ifstream& in_;
  ZipEntry entry_;
  std::string file_;
  uint64_t remaining_ = 0;        // content bytes not yet handed out
  uint64_t compressedLeft_ = 0;   // compressed bytes not yet read from the file
  uint32_t crc_ = 0;
  bool inflating_ = false;
  z_stream zs_{};
  std::vector<uint8_t> input_;    // compressed bytes read but not yet inflated
};

}  // namespace vae
