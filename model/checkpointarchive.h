#pragma once

#include <torch/torch.h>

#include <string>

namespace vae {

// Checks of a checkpoint's bytes that LibTorch 1.13 does not make itself. It trusts the sizes written in
// the archive (zip entry sizes, pickle lengths and memo indices, tensor element counts), so a damaged or
// forged 20 KB file can make it allocate gigabytes or read past its buffers. Checkpoint::load runs these
// first; each throws std::runtime_error with a one-line problem (no path: the caller adds it).

// Before LibTorch parses anything: the zip entries' declared sizes are possible, and every pickle's
// lengths and memo indices stay inside its record. Also throws c10::Error when the zip cannot be read.
void checkArchiveBytes(const std::string& bytes);

// After the archive is open, before any tensor data is read: every tensor fits in its storage, and the
// storages' sizes are exactly the sizes of the data records stored.
void checkStorageSizes(const std::string& bytes, torch::serialize::InputArchive& archive);

// One pickle record walked as LibTorch 1.13's unpickler would run it, without building anything: the
// problem that would make LibTorch over-allocate or read outside its stack, or an empty string.
// checkArchiveBytes runs it on every .pkl record; exposed for its tests.
std::string picklePreflight(const uint8_t* bytes, size_t size);

}  // namespace vae
