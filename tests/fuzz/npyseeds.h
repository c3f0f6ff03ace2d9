#pragma once

// Seed inputs of the npy and npz fuzz targets (fuzz_harnesses.h describes the layouts), shared by the corpus
// generator (make_corpus.cpp) and the replay test: valid-* must load, near-* must be refused.

#include "tests/support/npyfiles.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace vae::fuzz {

using SeedList = std::vector<std::pair<std::string, std::vector<uint8_t>>>;

// control byte, 2-byte little-endian images length, images file, labels file (the IDX harness's layout).
inline std::vector<uint8_t> pairInput(uint8_t control, const std::vector<uint8_t>& images,
                                      const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> input = {control, static_cast<uint8_t>(images.size() & 0xff),
                                static_cast<uint8_t>((images.size() >> 8) & 0xff)};
  input.insert(input.end(), images.begin(), images.end());
  input.insert(input.end(), labels.begin(), labels.end());
  return input;
}

inline std::vector<uint8_t> seedPixels(size_t n) {
  std::vector<uint8_t> b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>((i * 37 + 11) % 256);
  return b;
}

inline std::vector<float> seedUnitFloats(size_t n) {
  std::vector<float> f(n);
  for (size_t i = 0; i < n; ++i) f[i] = static_cast<float>((i * 37 + 11) % 256) / 255.0f;
  return f;
}

inline SeedList npySeeds() {
  using testing::npy;
  using testing::rawBytes;
  const auto gray = npy("|u1", "(3, 4, 5)", seedPixels(60));
  const auto rgb = npy("<f4", "(2, 4, 4, 3)", rawBytes(seedUnitFloats(96)));
  const auto f8 = npy("<f8", "(2, 3, 3, 1)", rawBytes(std::vector<double>(18, 0.5)));
  const auto labels = npy("<i8", "(3,)", rawBytes(std::vector<int64_t>{2, 0, 1}));
  const auto labels2 = npy("|u1", "(2, 1)", {1, 4});
  auto truncated = gray;
  truncated.resize(truncated.size() - 5);
  std::vector<float> over = seedUnitFloats(96);
  over[7] = 255.0f;
  return {
      {"valid-gray-u1", pairInput(0, gray, {})},
      {"valid-gray-u1-labels", pairInput(1, gray, labels)},
      {"valid-rgb-f4-labels", pairInput(1, rgb, labels2)},
      {"valid-f8", pairInput(0, f8, {})},
      {"near-fortran", pairInput(0, npy("|u1", "(3, 4, 5)", seedPixels(60), /*fortran=*/true), {})},
      {"near-truncated", pairInput(0, truncated, {})},
      {"near-float-255", pairInput(0, npy("<f4", "(2, 4, 4, 3)", rawBytes(over)), {})},
      {"near-label-count", pairInput(1, gray, labels2)},
      {"near-swapped", pairInput(1, labels, gray)},
  };
}

inline SeedList npzSeeds() {
  using testing::npy;
  using testing::npz;
  using testing::rawBytes;
  const std::vector<testing::NpzEntry> entries = {
      {"images.npy", npy("|u1", "(3, 4, 5)", seedPixels(60))},
      {"labels.npy", npy("<i8", "(3,)", rawBytes(std::vector<int64_t>{2, 0, 1}))}};
  const std::vector<testing::NpzEntry> xy = {{"x.npy", npy("<f4", "(2, 4, 4, 3)", rawBytes(seedUnitFloats(96)))},
                                              {"y.npy", npy("|u1", "(2,)", {3, 5})}};
  auto crc = npz(entries, /*deflated=*/false);
  crc[30 + 10 + 128 + 3] ^= 0x55;  // a pixel of the stored images
  auto cut = npz(entries, /*deflated=*/true);
  cut.resize(cut.size() * 2 / 3);
  return {
      {"valid-stored", npz(entries, /*deflated=*/false)},
      {"valid-deflated", npz(entries, /*deflated=*/true)},
      {"valid-xy-deflated", npz(xy, /*deflated=*/true)},
      {"valid-one-array", npz({entries[0]}, /*deflated=*/false)},
      {"near-crc", crc},
      {"near-cut", cut},
      {"near-npy-not-zip", entries[0].content},
      {"near-two-unnamed", npz({{"a.npy", entries[0].content}, {"b.npy", entries[0].content}}, /*deflated=*/true)},
  };
}

}  // namespace vae::fuzz
