// libFuzzer entry point; VAE_FUZZ_FUNCTION (fuzzIdx, fuzzCifar10, fuzzCheckpoint, fuzzPresets,
// fuzzImageFolder) picks the harness at compile time, so every fuzz_<target> executable is this file.
#include "fuzz_harnesses.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vae::fuzz::VAE_FUZZ_FUNCTION(data, size);
}
