#pragma once

// libFuzzer harnesses for every file parser, as plain functions so the fuzz executables (clang,
// sanitizers) and the regression replay test (gcc, tests/fuzz/test_fuzz_replay.cpp) run the same code.
// Each harness writes the input to file(s) in a per-process scratch directory (under /dev/shm when
// writable), calls the loader, and catches only the loader's documented exception type - after checking
// that its what() is one line starting with the file's path. Anything else (c10::Error, std::bad_alloc,
// a wrong message, an inconsistent result) escapes or aborts, which libFuzzer reports as a crash.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vae::fuzz {

// What the loader did with an input: accepted it (and the result passed the harness's checks) or
// refused it with its documented, well-formed error.
enum class Outcome { Loaded, Rejected };

// IDX: byte 0 is a control byte (kIdx* bits), bytes 1-2 the length of the images file (little endian),
// then the images file, then the labels file (when kIdxWithLabels). A file whose kIdxGzip* bit is set is
// gzip-compressed by the harness before it is written, so the IDX checks are also reached through
// zlib; uncompressed inputs that start with the gzip magic exercise the inflater itself.
inline constexpr uint8_t kIdxWithLabels = 1;
inline constexpr uint8_t kIdxGzipImages = 2;
inline constexpr uint8_t kIdxGzipLabels = 4;
Outcome runIdx(const uint8_t* data, size_t size);
// CIFAR-10: the input is one batch file.
Outcome runCifar10(const uint8_t* data, size_t size);
// Checkpoint: byte 0 chooses the mode. kCheckpointRaw: the rest is the .vaestudio file itself (the
// zip container is CRC-checked, so these mutations mostly exercise the zip reader).
// kCheckpointMeta: the rest is the "meta" JSON; the harness wraps it in a well-formed archive (format
// tag, version, empty step history, the weights of tinyCheckpointFile()'s model), so JSON mutations
// reach the config and history readers. kCheckpointPickle: the rest replaces data.pkl of
// tinyCheckpointFile() (attribute values, tensor sizes, strides, offsets, dtypes) in a zip with correct
// CRCs. A loaded checkpoint is also turned into a model that decodes one z (catches shapes that pass
// load but break later).
inline constexpr uint8_t kCheckpointRaw = 0;
inline constexpr uint8_t kCheckpointMeta = 1;
inline constexpr uint8_t kCheckpointPickle = 2;
Outcome runCheckpoint(const uint8_t* data, size_t size);
// Latent presets JSON: the input is the file.
Outcome runPresets(const uint8_t* data, size_t size);
// Image folder: byte 0 picks the extension (bits 0-2 modulo the table below), the channel count
// (bit 3: gray or rgb) and the target size (bits 4-5); the rest becomes DIR/class/image.<ext>.
inline constexpr const char* kImageExtensions[] = {"png", "jpg", "bmp", "gif", "ppm"};
inline constexpr int kImageSizes[] = {4, 8, 28, 64};
Outcome runImageFolder(const uint8_t* data, size_t size);

// npy: byte 0 is a control byte (kNpyWithLabels), bytes 1-2 the length of the images .npy (little endian), then
// the images file, then the labels file (when kNpyWithLabels); npyseeds.h builds such inputs.
inline constexpr uint8_t kNpyWithLabels = 1;
Outcome runNpy(const uint8_t* data, size_t size);
// npz: the input is the archive, loaded with the default keys (the only array, or images/x and labels/y).
Outcome runNpz(const uint8_t* data, size_t size);

// The libFuzzer-facing wrappers: always 0 (unexpected exceptions propagate).
int fuzzIdx(const uint8_t* data, size_t size);
int fuzzCifar10(const uint8_t* data, size_t size);
int fuzzCheckpoint(const uint8_t* data, size_t size);
int fuzzPresets(const uint8_t* data, size_t size);
int fuzzImageFolder(const uint8_t* data, size_t size);
int fuzzNpy(const uint8_t* data, size_t size);
int fuzzNpz(const uint8_t* data, size_t size);

// Builders of harness inputs, for the seed-corpus generator and the replay test.
// The brief's tiny valid checkpoint (MLP, 1x8x8 images, hidden 8, latent 2, one recorded step), saved
// with Checkpoint::save.
std::vector<uint8_t> tinyCheckpointFile();
std::vector<uint8_t> gzipCompress(const std::vector<uint8_t>& bytes);
std::vector<uint8_t> idxInput(uint8_t control, const std::vector<uint8_t>& images,
                              const std::vector<uint8_t>& labels);

}  // namespace vae::fuzz
