#include "fuzz_harnesses.h"

#include "app/core/folderdataset.h"
#include "app/core/latentpresets.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"

#include <QCoreApplication>
#include <QString>

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace vae::fuzz {

namespace {

namespace fs = std::filesystem;

// The model whose weights kCheckpointMeta inputs carry: tiny, so each run builds and decodes it fast.
VaeConfig metaModelConfig() {
  VaeConfig config;
  config.channels = 1;
  config.height = 8;
  config.width = 8;
  config.latentDim = 2;
  config.hiddenSizes = {8};
  return config;
}

// One scratch directory per process (parallel fuzzers never share files), removed at exit.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    // /dev/shm keeps the write-then-load of every input off the disk.
    const fs::path base = ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : fs::temp_directory_path();
    path = base / ("vae-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& scratchDir() {
  static const ScratchDir dir;
  return dir.path;
}

// Once per process: a Qt application for the image plugins, and one torch thread (runs stay comparable
// and the sanitizers do not multiply their cost by the thread count).
void prepare() {
  static const bool done = [] {
    torch::set_num_threads(1);
    if (!QCoreApplication::instance()) {
      static int argc = 1;
      static char name[] = "vae-fuzz";
      static char* argv[] = {name, nullptr};
      new QCoreApplication(argc, argv);  // lives until exit, like the app's own
    }
    return true;
  }();
  (void)done;
}

void writeFile(const fs::path& path, const uint8_t* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) throw std::logic_error("fuzz harness: cannot write " + path.string());
}

void writeFile(const fs::path& path, const std::vector<uint8_t>& bytes) { writeFile(path, bytes.data(), bytes.size()); }

void require(bool ok, const std::string& what) {
  if (!ok) throw std::logic_error("fuzz harness: " + what);
}

// The project's error convention: what() is one line "PATH: reason" naming a file under the scratch dir.
// VAE_FUZZ_VERBOSE=1 prints each refusal, to see what a reproduced input did.
void checkErrorMessage(const std::exception& e) {
  const std::string message = e.what();
  static const bool verbose = std::getenv("VAE_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "refused: %s\n", message.c_str());
  const std::string dir = scratchDir().string();
  require(message.rfind(dir, 0) == 0, "error message does not start with the file path: " + message);
  require(message.find('\n') == std::string::npos && message.find('\r') == std::string::npos,
          "error message is not one line: " + message);
  const size_t colon = message.find(": ", dir.size());
  require(colon != std::string::npos && colon + 2 < message.size(), "error message has no reason: " + message);
}

// Datasets hold pixels as bytes (every value is in range by construction); the model's view of them is
// float32 in [0,1].
void checkPixels(const torch::Tensor& images, const std::string& what) {
  require(images.scalar_type() == torch::kUInt8, what + " images are not uint8");
  if (images.numel() == 0) return;
  const torch::Tensor unit = pixelsToUnit(images);
  require(unit.min().item<float>() >= 0.0f && unit.max().item<float>() <= 1.0f,
          what + " pixel values outside [0,1]");
}

void checkLabels(const torch::Tensor& labels, int64_t count, int64_t classes, const std::string& what) {
  require(labels.defined() && labels.dim() == 1 && labels.size(0) == count && labels.scalar_type() == torch::kLong,
          what + " labels do not match the images");
  if (classes > 0 && count > 0)
    require(labels.min().item<int64_t>() >= 0 && labels.max().item<int64_t>() < classes,
            what + " label out of range");
}

std::vector<uint8_t> slice(const uint8_t* data, size_t begin, size_t end) {
  return std::vector<uint8_t>(data + begin, data + end);
}

// The records of tinyCheckpointFile()'s zip container (names without the archive folder), read once.
const std::vector<std::pair<std::string, std::string>>& tinyCheckpointRecords() {
  static const std::vector<std::pair<std::string, std::string>> records = [] {
    const std::vector<uint8_t> file = tinyCheckpointFile();
    std::istringstream in(std::string(file.begin(), file.end()));
    caffe2::serialize::PyTorchStreamReader reader(&in);
    std::vector<std::pair<std::string, std::string>> all;
    for (const std::string& name : reader.getAllRecords()) {
      auto [data, size] = reader.getRecord(name);
      all.emplace_back(name, std::string(static_cast<const char*>(data.get()), size));
    }
    return all;
  }();
  return records;
}

// tinyCheckpointFile() with its data.pkl (the pickled attributes: format, meta, tensor sizes, strides,
// storage offsets and dtypes) replaced, in a zip whose CRCs are right - so the mutations reach the
// unpickler and our checks on what it returns instead of failing the zip reader's CRC check.
std::string pickleArchive(const std::string& pickle) {
  std::string bytes;
  caffe2::serialize::PyTorchStreamWriter writer([&bytes](const void* data, size_t size) {
    bytes.append(static_cast<const char*>(data), size);
    return size;
  });
  for (const auto& [name, data] : tinyCheckpointRecords()) {
    if (name == "data.pkl")
      writer.writeRecord(name, pickle.data(), pickle.size());
    else
      writer.writeRecord(name, data.data(), data.size());
  }
  writer.writeEndOfFile();
  return bytes;
}

// A well-formed archive around a fuzzed "meta" text, with the weights of metaModelConfig().
std::string metaArchive(const std::string& meta) {
  static const std::vector<torch::Tensor> weights = [] {
    std::vector<torch::Tensor> w;
    for (const torch::Tensor& p : makeUntrainedVae(metaModelConfig())->parameters()) w.push_back(p.detach().clone());
    return w;
  }();
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string("vae-studio-checkpoint")));
  archive.write("format_version", c10::IValue(kCheckpointFormatVersion));
  archive.write("meta", c10::IValue(meta));
  archive.write("history_steps", torch::zeros({0, 7}, torch::kDouble));
  for (size_t i = 0; i < weights.size(); ++i) {
    archive.write("param_" + std::to_string(i), weights[i]);
    archive.write("adam_m_" + std::to_string(i), torch::zeros_like(weights[i]));
    archive.write("adam_v_" + std::to_string(i), torch::zeros_like(weights[i]));
  }
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

}  // namespace

std::vector<uint8_t> tinyCheckpointFile() {
  Checkpoint c;
  c.modelConfig = metaModelConfig();
  c.datasetSpec = "shapes:28:100";
  c.datasetIdentity = "shapes:28:100:train:83";
  c.globalStep = 1;
  StepRecord step;
  step.step = 1;
  step.total = 50.0;
  step.recon = 45.0;
  step.kl = 5.0;
  step.beta = 1.0;
  step.lr = 1e-3;
  c.history.steps.push_back(step);
  Vae model = makeSeededVae(c.modelConfig, /*seed=*/1);
  for (const auto& item : model->named_parameters()) {
    c.parameterNames.push_back(item.key());
    c.parameters.push_back(item.value().detach().clone());
    c.adamM.push_back(torch::zeros_like(item.value()));
    c.adamV.push_back(torch::zeros_like(item.value()));
  }
  const fs::path path = scratchDir() / "tiny.vaestudio";
  c.save(path.string());
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(path);
  return bytes;
}

std::vector<uint8_t> gzipCompress(const std::vector<uint8_t>& bytes) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper, as the .gz files of Fashion-MNIST have.
  require(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK,
          "deflateInit2 failed");
  std::vector<uint8_t> out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32);
  zs.next_in = const_cast<Bytef*>(bytes.data());
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  require(rc == Z_STREAM_END, "deflate failed");
  return out;
}

std::vector<uint8_t> idxInput(uint8_t control, const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
  require(images.size() <= 0xffff, "IDX images part too large for the input layout");
  std::vector<uint8_t> input = {control, static_cast<uint8_t>(images.size() & 0xff),
                                static_cast<uint8_t>(images.size() >> 8)};
  input.insert(input.end(), images.begin(), images.end());
  input.insert(input.end(), labels.begin(), labels.end());
  return input;
}

Outcome runIdx(const uint8_t* data, size_t size) {
  prepare();
  const uint8_t control = size > 0 ? data[0] : 0;
  const size_t imagesLength = size >= 3 ? (size_t{data[1]} | (size_t{data[2]} << 8)) : 0;
  const size_t imagesBegin = std::min<size_t>(size, 3);
  const size_t imagesEnd = std::min(size, imagesBegin + imagesLength);
  std::vector<uint8_t> images = slice(data, imagesBegin, imagesEnd);
  std::vector<uint8_t> labels = slice(data, imagesEnd, size);
  if (control & kIdxGzipImages) images = gzipCompress(images);
  if (control & kIdxGzipLabels) labels = gzipCompress(labels);
  const bool withLabels = (control & kIdxWithLabels) != 0;
  const fs::path imagesPath = scratchDir() / "images-idx3-ubyte";
  const fs::path labelsPath = scratchDir() / "labels-idx1-ubyte";
  writeFile(imagesPath, images);
  if (withLabels) writeFile(labelsPath, labels);
  try {
    const Dataset d = loadIdx(imagesPath.string(), withLabels ? labelsPath.string() : std::string());
    require(d.images.dim() == 4 && d.images.size(0) > 0 && d.images.size(1) == 1, "IDX images are not [N,1,H,W]");
    checkPixels(d.images, "IDX");
    if (withLabels)
      checkLabels(d.labels, d.images.size(0), 0, "IDX");
    else
      require(!d.labels.defined(), "IDX labels without a labels file");
    return Outcome::Loaded;
  } catch (const DatasetError& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
}

Outcome runCifar10(const uint8_t* data, size_t size) {
  prepare();
  const fs::path path = scratchDir() / "data_batch_1.bin";
  writeFile(path, data, size);
  try {
    const Dataset d = loadCifar10Batch(path.string());
    require(d.images.dim() == 4 && d.images.size(0) > 0 && d.images.size(1) == 3 && d.images.size(2) == 32 &&
                d.images.size(3) == 32,
            "CIFAR-10 images are not [N,3,32,32]");
    checkPixels(d.images, "CIFAR-10");
    checkLabels(d.labels, d.images.size(0), static_cast<int64_t>(d.classNames.size()), "CIFAR-10");
    return Outcome::Loaded;
  } catch (const DatasetError& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
}

Outcome runCheckpoint(const uint8_t* data, size_t size) {
  prepare();
  const fs::path path = scratchDir() / "run.vaestudio";
  const uint8_t mode = size > 0 ? data[0] : kCheckpointRaw;
  if (mode == kCheckpointMeta || mode == kCheckpointPickle) {
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string archive = mode == kCheckpointMeta ? metaArchive(rest) : pickleArchive(rest);
    writeFile(path, reinterpret_cast<const uint8_t*>(archive.data()), archive.size());
  } else {
    writeFile(path, size > 0 ? data + 1 : data, size > 0 ? size - 1 : 0);
  }
  Checkpoint c;
  try {
    c = Checkpoint::load(path.string());
  } catch (const CheckpointError& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
  // What opening a checkpoint in the explorer does next: a model with its weights decodes a z.
  require(c.parameters.size() == c.adamM.size() && c.parameters.size() == c.adamV.size(),
          "checkpoint optimizer state does not match its weights");
  const VaeConfig& config = c.modelConfig;
  Vae model = c.makeModel();
  const torch::Tensor images = model->decodeImages(torch::zeros({1, config.latentDim}));
  require(images.sizes().equals({1, config.channels, config.height, config.width}),
          "decoded image has the wrong shape");
  require(torch::isfinite(images).all().item<bool>(), "decoded image is not finite");
  return Outcome::Loaded;
}

Outcome runPresets(const uint8_t* data, size_t size) {
  prepare();
  const fs::path path = scratchDir() / "presets.json";
  writeFile(path, data, size);
  try {
    const QVector<LatentPreset> presets = loadPresets(QString::fromStdString(path.string()));
    for (const LatentPreset& preset : presets) {
      require(!preset.z.isEmpty(), "preset with an empty z");
      for (double v : preset.z) require(std::isfinite(v), "preset z is not finite");
    }
    return Outcome::Loaded;
  } catch (const std::runtime_error& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
}

Outcome runImageFolder(const uint8_t* data, size_t size) {
  prepare();
  const uint8_t control = size > 0 ? data[0] : 0;
  constexpr size_t kExtensions = sizeof kImageExtensions / sizeof kImageExtensions[0];
  const char* extension = kImageExtensions[(control & 7) % kExtensions];
  const int channels = (control & 8) ? 3 : 1;
  const int side = kImageSizes[(control >> 4) & 3];
  const fs::path root = scratchDir() / "folder";
  const fs::path classDir = root / "class";
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(classDir);
  writeFile(classDir / (std::string("image.") + extension), size > 0 ? data + 1 : data, size > 0 ? size - 1 : 0);
  try {
    const Dataset d = loadImageFolder(QString::fromStdString(root.string()), side, channels);
    require(d.images.sizes().equals({1, channels, side, side}), "folder image has the wrong shape");
    checkPixels(d.images, "folder");
    checkLabels(d.labels, 1, 1, "folder");
    require(d.classNames == std::vector<std::string>{"class"}, "folder class names wrong");
    return Outcome::Loaded;
  } catch (const DatasetError& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
}

// What every array loader must hand over: bytes [N,C,H,W] with C = 1 or 3, and labels that match.
void checkArrayDataset(const Dataset& d, bool labelled, const std::string& what) {
  require(d.images.dim() == 4 && d.images.size(0) > 0 && (d.images.size(1) == 1 || d.images.size(1) == 3),
          what + " images are not [N,1|3,H,W]");
  checkPixels(d.images, what);
  if (labelled)
    checkLabels(d.labels, d.images.size(0), 0, what);
  else
    require(!d.labels.defined(), what + " labels without a labels array");
}

Outcome runNpy(const uint8_t* data, size_t size) {
  prepare();
  const bool withLabels = size > 0 && (data[0] & kNpyWithLabels) != 0;
  const size_t imagesLength = size >= 3 ? (size_t{data[1]} | (size_t{data[2]} << 8)) : 0;
  const size_t imagesBegin = std::min<size_t>(size, 3);
  const size_t imagesEnd = std::min(size, imagesBegin + imagesLength);
  const fs::path imagesPath = scratchDir() / "images.npy";
  const fs::path labelsPath = scratchDir() / "labels.npy";
  writeFile(imagesPath, slice(data, imagesBegin, imagesEnd));
  if (withLabels) writeFile(labelsPath, slice(data, imagesEnd, size));
  try {
    const Dataset d = loadNpy(imagesPath.string(), withLabels ? labelsPath.string() : std::string());
    checkArrayDataset(d, withLabels, "npy");
    return Outcome::Loaded;
  } catch (const DatasetError& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
}

Outcome runNpz(const uint8_t* data, size_t size) {
  prepare();
  const fs::path path = scratchDir() / "arrays.npz";
  writeFile(path, data, size);
  try {
    const Dataset d = loadNpz(path.string());
    checkArrayDataset(d, d.labels.defined(), "npz");
    return Outcome::Loaded;
  } catch (const DatasetError& e) {
    checkErrorMessage(e);
    return Outcome::Rejected;
  }
}

int fuzzNpy(const uint8_t* data, size_t size) {
  runNpy(data, size);
  return 0;
}
int fuzzNpz(const uint8_t* data, size_t size) {
  runNpz(data, size);
  return 0;
}
int fuzzIdx(const uint8_t* data, size_t size) {
  runIdx(data, size);
  return 0;
}
int fuzzCifar10(const uint8_t* data, size_t size) {
  runCifar10(data, size);
  return 0;
}
int fuzzCheckpoint(const uint8_t* data, size_t size) {
  runCheckpoint(data, size);
  return 0;
}
int fuzzPresets(const uint8_t* data, size_t size) {
  runPresets(data, size);
  return 0;
}
int fuzzImageFolder(const uint8_t* data, size_t size) {
  runImageFolder(data, size);
  return 0;
}

}  // namespace vae::fuzz
