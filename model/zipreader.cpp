#include "model/zipreader.h"

#include "model/dataset.h"

#include <algorithm>
#include <cstring>

namespace vae {

namespace {

constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr size_t kEndRecordSize = 22;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kZip64EndSize = 56;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kMaxCommentSize = 0xffff;
// An .npz holds a handful of arrays; a central directory beyond this is damage, not data.
constexpr uint64_t kMaxDirectorySize = uint64_t{64} << 20;
// deflate cannot expand data by more than about 1032:1; a larger declared size is a forged header.
constexpr uint64_t kMaxDeflateRatio = 1032;
// Compressed bytes read from the file per inflate call.
constexpr size_t kInflateChunk = size_t{1} << 18;
constexpr uint16_t kFlagEncrypted = 1;
constexpr uint16_t kMethodStored = 0;
constexpr uint16_t kMethodDeflate = 8;

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t le32(const uint8_t* p) { return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24); }
uint64_t le64(const uint8_t* p) { return uint64_t{le32(p)} | (uint64_t{le32(p + 4)} << 32); }

std::vector<uint8_t> readAt(std::ifstream& in, uint64_t offset, size_t n, const std::string& file) {
  std::vector<uint8_t> bytes(n);
  in.clear();
  in.seekg(static_cast<std::streamoff>(offset));
  if (n > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(n)))
    throw DatasetError(file, "read error");
  return bytes;
}

// Where the central directory lies and how many entries it declares.
struct Directory {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t entries = 0;
};

Directory readZip64End(std::ifstream& in, uint64_t fileSize, uint64_t endAt, const std::string& file) {
  if (endAt < kZip64LocatorSize) throw DatasetError(file, "zip64 archive without its zip64 locator");
  const std::vector<uint8_t> loc = readAt(in, endAt - kZip64LocatorSize, kZip64LocatorSize, file);
  if (le32(loc.data()) != kZip64LocatorSignature) throw DatasetError(file, "zip64 archive without its zip64 locator");
  const uint64_t at = le64(loc.data() + 8);
  if (at > fileSize || fileSize - at < kZip64EndSize) throw DatasetError(file, "zip64 end record lies outside the file");
  const std::vector<uint8_t> rec = readAt(in, at, kZip64EndSize, file);
  if (le32(rec.data()) != kZip64EndSignature) throw DatasetError(file, "bad zip64 end record signature");
  return {le64(rec.data() + 48), le64(rec.data() + 40), le64(rec.data() + 32)};
}

Directory findDirectory(std::ifstream& in, uint64_t fileSize, const std::string& file) {
  const std::vector<uint8_t> head = readAt(in, 0, static_cast<size_t>(std::min<uint64_t>(fileSize, 6)), file);
  if (head.size() == 6 && std::memcmp(head.data(), "\x93NUMPY", 6) == 0)
    throw DatasetError(file, "this is a single .npy array, not an .npz archive; use npy:FILE");
  if (fileSize < kEndRecordSize) throw DatasetError(file, "not a zip archive (an .npz file is one): too short");
  // The end record sits in the last 22 bytes plus at most a 64 KB comment; search backwards for its signature.
  const size_t tailSize = static_cast<size_t>(std::min<uint64_t>(fileSize, kEndRecordSize + kMaxCommentSize));
  const uint64_t tailStart = fileSize - tailSize;
  const std::vector<uint8_t> tail = readAt(in, tailStart, tailSize, file);
  for (size_t i = tailSize - kEndRecordSize + 1; i-- > 0;) {
    const uint8_t* e = tail.data() + i;
    if (le32(e) != kEndSignature) continue;
    if (le16(e + 4) != 0 || le16(e + 6) != 0) throw DatasetError(file, "multi-part zip archives are not supported");
    Directory d{le32(e + 16), le32(e + 12), le16(e + 10)};
    if (d.entries == 0xffff || d.size == 0xffffffffu || d.offset == 0xffffffffu)
      d = readZip64End(in, fileSize, tailStart + i, file);
    return d;
  }
  throw DatasetError(file, "not a zip archive (an .npz file is one): no end-of-central-directory record");
}

// The zip64 extra field replaces each 32-bit field that holds 0xffffffff, in a fixed order.
void applyZip64Extra(const uint8_t* extra, size_t length, ZipEntry& e, const std::string& file) {
  for (size_t at = 0; at + 4 <= length;) {
    const uint16_t id = le16(extra + at), size = le16(extra + at + 2);
    if (at + 4 + size > length) throw DatasetError(file, "damaged extra field of '" + e.name + "'");
    if (id == kZip64ExtraId) {
      const uint8_t* p = extra + at + 4;
      size_t left = size;
      for (uint64_t* field : {&e.size, &e.compressedSize, &e.localHeaderOffset}) {
        if (*field != 0xffffffffu) continue;
        if (left < 8) throw DatasetError(file, "damaged zip64 field of '" + e.name + "'");
        *field = le64(p);
        p += 8;
        left -= 8;
      }
    }
    at += 4 + size;
  }
}

}  // namespace

std::vector<ZipEntry> readZipDirectory(std::ifstream& in, uint64_t fileSize, const std::string& file) {
  const Directory d = findDirectory(in, fileSize, file);
  if (d.offset > fileSize || d.size > fileSize - d.offset)
    throw DatasetError(file, "central directory lies outside the file (truncated?)");
  if (d.size > kMaxDirectorySize || d.entries > d.size / kCentralHeaderSize)
    throw DatasetError(file, "implausible central directory: " + std::to_string(d.entries) + " entries in " +
                                 std::to_string(d.size) + " bytes");
  const std::vector<uint8_t> dir = readAt(in, d.offset, static_cast<size_t>(d.size), file);
  std::vector<ZipEntry> entries;
  size_t at = 0;
  for (uint64_t i = 0; i < d.entries; ++i) {
    if (dir.size() - at < kCentralHeaderSize || le32(dir.data() + at) != kCentralHeaderSignature)
      throw DatasetError(file, "damaged central directory (entry " + std::to_string(i) + ")");
    const uint8_t* h = dir.data() + at;
    const size_t nameLength = le16(h + 28), extraLength = le16(h + 30), commentLength = le16(h + 32);
    if (dir.size() - at - kCentralHeaderSize < nameLength + extraLength + commentLength)
      throw DatasetError(file, "damaged central directory (entry " + std::to_string(i) + ")");
    ZipEntry e;
    e.flags = le16(h + 8);
    e.method = le16(h + 10);
    e.crc = le32(h + 16);
    e.compressedSize = le32(h + 20);
    e.size = le32(h + 24);
    e.localHeaderOffset = le32(h + 42);
    e.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), nameLength);
    applyZip64Extra(h + kCentralHeaderSize + nameLength, extraLength, e, file);
    entries.push_back(std::move(e));
    at += kCentralHeaderSize + nameLength + extraLength + commentLength;
  }
  return entries;
}

ZipEntrySource::ZipEntrySource(std::ifstream& in, uint64_t fileSize, const ZipEntry& entry, std::string file)
    : in_(in), entry_(entry), file_(std::move(file)), remaining_(entry.size), compressedLeft_(entry.compressedSize) {
  if (entry_.flags & kFlagEncrypted) fail("is encrypted");
  if (entry_.method != kMethodStored && entry_.method != kMethodDeflate)
    fail("uses compression method " + std::to_string(entry_.method) + " (only stored and deflate are supported)");
  if (entry_.method == kMethodStored && entry_.compressedSize != entry_.size)
    fail("is stored but its sizes differ (" + std::to_string(entry_.compressedSize) + " and " +
         std::to_string(entry_.size) + " bytes)");
  if (entry_.method == kMethodDeflate && entry_.size / kMaxDeflateRatio > entry_.compressedSize + 1)
    fail("declares " + std::to_string(entry_.size) + " bytes from " + std::to_string(entry_.compressedSize) +
         " compressed, more than deflate can expand");
  const uint64_t at = entry_.localHeaderOffset;
  if (at > fileSize || fileSize - at < kLocalHeaderSize) fail("lies outside the file (truncated?)");
  const std::vector<uint8_t> h = readAt(in_, at, kLocalHeaderSize, file_);
  if (le32(h.data()) != kLocalHeaderSignature) fail("has a damaged local header");
  const uint64_t dataAt = at + kLocalHeaderSize + le16(h.data() + 26) + le16(h.data() + 28);
  if (dataAt > fileSize || fileSize - dataAt < entry_.compressedSize) fail("lies outside the file (truncated?)");
  in_.clear();
  in_.seekg(static_cast<std::streamoff>(dataAt));
  crc_ = static_cast<uint32_t>(crc32(0L, Z_NULL, 0));
  if (entry_.method == kMethodDeflate) {
    // Negative window bits: raw deflate, as zip stores it (no zlib or gzip wrapper).
    if (inflateInit2(&zs_, -MAX_WBITS) != Z_OK) fail("cannot initialise zlib");
    inflating_ = true;
  }
}

ZipEntrySource::~ZipEntrySource() {
  if (inflating_) inflateEnd(&zs_);
}

void ZipEntrySource::fail(const std::string& problem) const {
  throw DatasetError(file_, "entry '" + entry_.name + "' " + problem);
}

void ZipEntrySource::read(uint8_t* dst, size_t n) {
  if (n > remaining_) fail("ends early: " + std::to_string(n) + " more bytes wanted, " + std::to_string(remaining_) + " left");
  if (entry_.method == kMethodStored) {
    if (n > 0 && !in_.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n))) fail("cannot be read (truncated?)");
  } else {
    inflateInto(dst, n);
  }
  // zlib's crc32 takes a uInt length: feed large reads in pieces.
  for (size_t done = 0; done < n;) {
    const size_t piece = std::min<size_t>(n - done, 1u << 30);
    crc_ = static_cast<uint32_t>(crc32(crc_, dst + done, static_cast<uInt>(piece)));
    done += piece;
  }
  remaining_ -= n;
}

void ZipEntrySource::inflateInto(uint8_t* dst, size_t n) {
  size_t produced = 0;
  while (produced < n) {
    if (zs_.avail_in == 0) {
      if (compressedLeft_ == 0) fail("compressed data ends early (truncated?)");
      input_.resize(static_cast<size_t>(std::min<uint64_t>(compressedLeft_, kInflateChunk)));
      if (!in_.read(reinterpret_cast<char*>(input_.data()), static_cast<std::streamsize>(input_.size())))
        fail("cannot be read (truncated?)");
      compressedLeft_ -= input_.size();
      zs_.next_in = input_.data();
      zs_.avail_in = static_cast<uInt>(input_.size());
    }
    const size_t want = std::min<size_t>(n - produced, 1u << 30);
    zs_.next_out = dst + produced;
    zs_.avail_out = static_cast<uInt>(want);
    const int rc = inflate(&zs_, Z_NO_FLUSH);
    produced += want - zs_.avail_out;
    if (rc == Z_STREAM_END && produced < n) fail("compressed data ends before its declared size");
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR)
      fail(std::string("has corrupt deflate data: ") + (zs_.msg ? zs_.msg : "inflate failed"));
    if (rc == Z_BUF_ERROR && zs_.avail_in != 0) fail("has corrupt deflate data");
  }
}

void ZipEntrySource::finish() {
  if (remaining_ != 0) fail("was not read to its end");
  if (crc_ != entry_.crc) fail("fails its CRC-32 check (file damaged)");
}

}  // namespace vae
