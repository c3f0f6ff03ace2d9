#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

namespace vae {

// A forward-only stream of bytes of known length, read a piece at a time so a multi-gigabyte array never needs
// a second copy in memory: a region of a file, or one entry of a zip archive (zipreader.h). Every failure is a
// DatasetError naming the file.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Total bytes the source holds (declared up front and checked against the file before anything is read).
  virtual uint64_t size() const = 0;
  // Exactly n more bytes into dst, or a DatasetError (the data ends early, a read fails, a stream is corrupt).
  virtual void read(uint8_t* dst, size_t n) = 0;
  // Called once everything was read: checks what can only be checked at the end (a zip entry's CRC-32).
  virtual void finish() {}
  // The file the bytes come from, for error messages.
  virtual const std::string& file() const = 0;
};

// The bytes [offset, offset + size) of an open file; the caller has checked they lie inside it.
class FileRegionSource : public ByteSource {
 public:
  FileRegionSource(std::ifstream& in, std::string file, uint64_t offset, uint64_t size);
  uint64_t size() const override { return size_; }
  void read(uint8_t* dst, size_t n) override;
  const std::string& file() const override { return file_; }

 private:
  std::ifstream& in_;
  std::string file_;
  uint64_t size_ = 0;
  uint64_t remaining_ = 0;
};

}  // namespace vae
