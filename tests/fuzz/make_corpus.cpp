// Writes the seed corpus of every fuzz target with the project's own code (Checkpoint::save, Qt's image
// writers, the app's GIF encoder): small valid inputs (valid-*) and near-valid ones the loaders must refuse
// (near-*). Run once from the fuzz build and commit the bytes:
//   build-fuzz/fuzz/fuzz_make_corpus tests/fuzz/corpus
// It checks every seed through its harness first, so a seed that stopped loading is noticed here.
#include "fuzz_harnesses.h"
#include "npyseeds.h"

#include "app/export/gifwriter.h"
#include "model/checkpoint.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImage>

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;
using vae::fuzz::Outcome;

namespace {

fs::path gOut;
int gFailures = 0;

Bytes bytesOf(const std::string& s) { return Bytes(s.begin(), s.end()); }

void put32(Bytes& b, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(v >> shift));
}

// Writes target/name after checking that its harness loads valid-* and refuses near-* seeds.
void seed(const std::string& target, const std::string& name, const Bytes& input,
          Outcome (*run)(const uint8_t*, size_t)) {
  const Outcome expected = name.rfind("valid-", 0) == 0 ? Outcome::Loaded : Outcome::Rejected;
  if (run(input.data(), input.size()) != expected) {
    std::fprintf(stderr, "seed %s/%s: unexpected outcome\n", target.c_str(), name.c_str());
    ++gFailures;
  }
  fs::create_directories(gOut / target);
  std::ofstream(gOut / target / name, std::ios::binary).write(reinterpret_cast<const char*>(input.data()),
                                                               static_cast<std::streamsize>(input.size()));
}

Bytes idxImages(uint32_t count, uint32_t rows, uint32_t cols) {
  Bytes b;
  put32(b, 0x00000803);
  put32(b, count);
  put32(b, rows);
  put32(b, cols);
  for (uint32_t i = 0; i < count * rows * cols; ++i) b.push_back(static_cast<uint8_t>(i * 37));
  return b;
}

Bytes idxLabels(const Bytes& labels) {
  Bytes b;
  put32(b, 0x00000801);
  put32(b, static_cast<uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

void idxSeeds() {
  using namespace vae::fuzz;
  const Bytes images = idxImages(2, 4, 3);
  const Bytes labels = idxLabels({3, 7});
  seed("idx", "valid-raw-labels", idxInput(kIdxWithLabels, images, labels), runIdx);
  seed("idx", "valid-raw-nolabels", idxInput(0, images, {}), runIdx);
  seed("idx", "valid-gzip-labels", idxInput(kIdxWithLabels | kIdxGzipImages | kIdxGzipLabels, images, labels), runIdx);
  // Already-compressed bytes: the fuzzer mutates the gzip stream itself.
  seed("idx", "valid-gzipfile-labels", idxInput(kIdxWithLabels, gzipCompress(images), gzipCompress(labels)), runIdx);
  Bytes truncated = images;
  truncated.pop_back();
  seed("idx", "near-truncated", idxInput(0, truncated, {}), runIdx);
  seed("idx", "near-label-count", idxInput(kIdxWithLabels, images, idxLabels({1, 2, 3})), runIdx);
  seed("idx", "near-swapped", idxInput(kIdxWithLabels, labels, images), runIdx);
  Bytes cut = gzipCompress(images);
  cut.resize(cut.size() / 2);
  seed("idx", "near-gzip-cut", idxInput(0, cut, {}), runIdx);
}

void cifarSeeds() {
  constexpr size_t kRecord = 1 + 3 * 32 * 32;
  Bytes batch;
  for (uint8_t label : {uint8_t{3}, uint8_t{9}}) {
    batch.push_back(label);
    for (size_t i = 1; i < kRecord; ++i) batch.push_back(static_cast<uint8_t>(i * label));
  }
  seed("cifar10", "valid-two-records", batch, vae::fuzz::runCifar10);
  Bytes badLabel = batch;
  badLabel[kRecord] = 10;
  seed("cifar10", "near-label-10", badLabel, vae::fuzz::runCifar10);
  Bytes partial = batch;
  partial.pop_back();
  seed("cifar10", "near-partial-record", partial, vae::fuzz::runCifar10);
}

Bytes fileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

Bytes withMode(uint8_t mode, const Bytes& rest) {
  Bytes b{mode};
  b.insert(b.end(), rest.begin(), rest.end());
  return b;
}

void writeBytes(const fs::path& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

// The record `name` of a checkpoint's zip container.
std::string recordOf(const fs::path& file, const std::string& name) {
  caffe2::serialize::PyTorchStreamReader reader(file.string());
  auto [data, size] = reader.getRecord(name);
  return std::string(static_cast<const char*>(data.get()), size);
}

void checkpointSeeds() {
  using vae::fuzz::kCheckpointMeta;
  using vae::fuzz::kCheckpointPickle;
  using vae::fuzz::kCheckpointRaw;
  using vae::fuzz::runCheckpoint;
  const fs::path tmp = fs::temp_directory_path() / "vae-fuzz-corpus.vaestudio";
  const Bytes file = vae::fuzz::tinyCheckpointFile();
  writeBytes(tmp, file);
  seed("checkpoint", "valid-raw-mlp", withMode(kCheckpointRaw, file), runCheckpoint);
  const std::string pickle = recordOf(tmp, "data.pkl");
  seed("checkpoint", "valid-pickle-mlp", withMode(kCheckpointPickle, bytesOf(pickle)), runCheckpoint);

  // The meta JSON exactly as saved, for the structured mode.
  torch::serialize::InputArchive archive;
  archive.load_from(tmp.string());
  c10::IValue meta;
  archive.read("meta", meta);
  const std::string metaText = meta.toStringRef();
  seed("checkpoint", "valid-meta-mlp", withMode(kCheckpointMeta, bytesOf(metaText)), runCheckpoint);
  std::string badLatent = metaText;
  const size_t at = badLatent.find("\"latent_dim\":2");
  badLatent.replace(at, 14, "\"latent_dim\":1");
  seed("checkpoint", "near-meta-latent-1", withMode(kCheckpointMeta, bytesOf(badLatent)), runCheckpoint);

  vae::Checkpoint wrongShape = vae::Checkpoint::load(tmp.string());
  wrongShape.parameters[0] = torch::zeros({3, 3});
  wrongShape.adamM[0] = torch::zeros({3, 3});
  wrongShape.adamV[0] = torch::zeros({3, 3});
  wrongShape.save(tmp.string());
  seed("checkpoint", "near-raw-wrong-shape", withMode(kCheckpointRaw, fileBytes(tmp)), runCheckpoint);
  Bytes cut = file;
  cut.resize(cut.size() / 2);
  seed("checkpoint", "near-raw-cut", withMode(kCheckpointRaw, cut), runCheckpoint);
  fs::remove(tmp);
}

void presetSeeds() {
  using vae::fuzz::runPresets;
  seed("presets", "valid-two",
       bytesOf(R"({"format":"vae-studio-presets","version":1,"latent_dim":2,"presets":[)"
               R"({"name":"shoe","z":[0.5,-1.25]},{"name":"bag \u00e9","z":[3,1e-3,2]}]})"),
       runPresets);
  seed("presets", "valid-empty", bytesOf(R"({"format":"vae-studio-presets","version":1,"latent_dim":0,"presets":[]})"),
       runPresets);
  seed("presets", "near-string-in-z",
       bytesOf(R"({"format":"vae-studio-presets","version":1,"presets":[{"name":"a","z":[1,"2"]}]})"), runPresets);
  seed("presets", "near-version-2", bytesOf(R"({"format":"vae-studio-presets","version":2,"presets":[]})"),
       runPresets);
  seed("presets", "near-truncated", bytesOf(R"({"format":"vae-studio-presets","version":1,"presets":[{"na)"),
       runPresets);
}

// A small colourful picture: a gradient with a diagonal, so every decoder has some work to do.
QImage picture(int w, int h) {
  QImage image(w, h, QImage::Format_RGB32);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) image.setPixel(x, y, qRgb(x * 255 / w, y * 255 / h, x == y ? 255 : 40));
  return image;
}

Bytes encoded(const QImage& image, const char* format) {
  QByteArray data;
  QBuffer buffer(&data);
  buffer.open(QIODevice::WriteOnly);
  if (!image.save(&buffer, format)) {
    std::fprintf(stderr, "cannot encode %s\n", format);
    ++gFailures;
  }
  return Bytes(data.begin(), data.end());
}

// Control byte of the image-folder harness: extension index, rgb flag, size index.
Bytes folderInput(int extension, bool rgb, int sizeIndex, const Bytes& file) {
  return withMode(static_cast<uint8_t>(extension | (rgb ? 8 : 0) | (sizeIndex << 4)), file);
}

void imageSeeds() {
  using vae::fuzz::runImageFolder;
  const QImage image = picture(7, 5);
  seed("imagefolder", "valid-png-gray-28", folderInput(0, false, 2, encoded(image, "PNG")), runImageFolder);
  seed("imagefolder", "valid-jpg-rgb-8", folderInput(1, true, 1, encoded(image, "JPEG")), runImageFolder);
  seed("imagefolder", "valid-bmp-rgb-4", folderInput(2, true, 0, encoded(image, "BMP")), runImageFolder);
  const QByteArray gif = vae::encodeGif({image, image.mirrored()});
  seed("imagefolder", "valid-gif-gray-64", folderInput(3, false, 3, Bytes(gif.begin(), gif.end())), runImageFolder);
  seed("imagefolder", "valid-ppm-gray-8", folderInput(4, false, 1, encoded(image, "PPM")), runImageFolder);
  seed("imagefolder", "valid-pgm-ascii-rgb-28", folderInput(4, true, 2, bytesOf("P2\n3 2\n255\n0 128 255\n255 128 0\n")),
       runImageFolder);
  Bytes cut = encoded(image, "PNG");
  cut.resize(cut.size() / 2);
  seed("imagefolder", "near-png-cut", folderInput(0, false, 2, cut), runImageFolder);
  seed("imagefolder", "near-text-as-jpg", folderInput(1, false, 2, bytesOf("not an image\n")), runImageFolder);
}

void arraySeeds() {
  for (const auto& [name, input] : vae::fuzz::npySeeds()) seed("npy", name, input, vae::fuzz::runNpy);
  for (const auto& [name, input] : vae::fuzz::npzSeeds()) seed("npz", name, input, vae::fuzz::runNpz);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  gOut = argv[1];
  idxSeeds();
  cifarSeeds();
  checkpointSeeds();
  presetSeeds();
  imageSeeds();
  arraySeeds();
  return gFailures == 0 ? 0 : 1;
}
