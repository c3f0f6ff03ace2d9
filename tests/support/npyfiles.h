#pragma once

// Writers of NumPy .npy files and .npz archives for tests and the fuzz seed corpus, so fixtures need no numpy:
// npy() lays out the header numpy.save writes (format 1.0, padded to 64 bytes); npz() zips entries the way
// numpy.savez (stored) and savez_compressed (raw deflate) do, with a correct CRC-32 and central directory.

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vae::testing {

using NpyBytes = std::vector<uint8_t>;

// An .npy file: descr such as "|u1", "<f4"; shape such as "(3, 4, 4)" or "(3,)"; data the raw little-endian bytes.
inline NpyBytes npy(const std::string& descr, const std::string& shape, const NpyBytes& data, bool fortran = false) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
  const size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';
  NpyBytes out(10 + header.size());
  const uint8_t prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<uint8_t>(header.size() & 0xff),
                              static_cast<uint8_t>(header.size() >> 8)};
  std::memcpy(out.data(), prefix, sizeof prefix);
  std::memcpy(out.data() + sizeof prefix, header.data(), header.size());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// Raw little-endian bytes of values of type T.
template <typename T>
NpyBytes rawBytes(const std::vector<T>& values) {
  NpyBytes out(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

inline NpyBytes rawDeflate(const NpyBytes& in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  NpyBytes out(deflateBound(&zs, static_cast<uLong>(in.size())));
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

// One entry of an archive: its name ("images.npy") and content.
struct NpzEntry {
  std::string name;
  NpyBytes content;
};

// A zip archive of the entries, each stored or deflated.
inline NpyBytes npz(const std::vector<NpzEntry>& entries, bool deflated) {
  auto put16 = [](NpyBytes& b, uint32_t v) { b.push_back(v & 0xff); b.push_back((v >> 8) & 0xff); };
  auto put32 = [&](NpyBytes& b, uint32_t v) { put16(b, v & 0xffff); put16(b, v >> 16); };
  NpyBytes out, directory;
  for (const NpzEntry& e : entries) {
    const NpyBytes data = deflated ? rawDeflate(e.content) : e.content;
    const uint32_t crc = static_cast<uint32_t>(crc32(0L, e.content.data(), static_cast<uInt>(e.content.size())));
    const uint32_t offset = static_cast<uint32_t>(out.size());
    const uint16_t method = deflated ? 8 : 0;
    // Local header: signature, version, flags, method, time, date, crc, sizes, name and extra lengths.
    put32(out, 0x04034b50);
    for (uint32_t v : {20u, 0u, uint32_t{method}, 0u, 0u}) put16(out, v);
    for (uint32_t v : {crc, static_cast<uint32_t>(data.size()), static_cast<uint32_t>(e.content.size())}) put32(out, v);
    put16(out, static_cast<uint32_t>(e.name.size()));
    put16(out, 0);
    out.insert(out.end(), e.name.begin(), e.name.end());
    out.insert(out.end(), data.begin(), data.end());
    // Central directory header: as above plus made-by version, comment, disk, attributes and the offset.
    put32(directory, 0x02014b50);
    for (uint32_t v : {20u, 20u, 0u, uint32_t{method}, 0u, 0u}) put16(directory, v);
    for (uint32_t v : {crc, static_cast<uint32_t>(data.size()), static_cast<uint32_t>(e.content.size())})
      put32(directory, v);
    for (uint32_t v : {static_cast<uint32_t>(e.name.size()), 0u, 0u, 0u, 0u}) put16(directory, v);
    put32(directory, 0);
    put32(directory, offset);
    directory.insert(directory.end(), e.name.begin(), e.name.end());
  }
  const uint32_t directoryOffset = static_cast<uint32_t>(out.size());
  out.insert(out.end(), directory.begin(), directory.end());
  put32(out, 0x06054b50);
  for (uint32_t v : {0u, 0u, static_cast<uint32_t>(entries.size()), static_cast<uint32_t>(entries.size())}) put16(out, v);
  put32(out, static_cast<uint32_t>(directory.size()));
  put32(out, directoryOffset);
  put16(out, 0);
  return out;
}

}  // namespace vae::testing
