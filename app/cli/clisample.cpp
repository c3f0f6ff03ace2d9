// vae-studio sample: decodes prior samples of a checkpoint into one PNG grid.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <QCommandLineParser>
#include <QImage>
#include <cmath>
#include <cstdio>

#include "app/cli/clicommon.h"
#include "app/export/exportfiles.h"
#include "app/core/imageconversion.h"
#include "model/checkpoint.h"

namespace vae {

namespace {

constexpr int64_t kDefaultCount = 64;
constexpr int64_t kMaxCount = 4096;
constexpr int64_t kDefaultScale = 2;
constexpr int64_t kMaxScale = 32;
// Pixels between tiles; mid-grey so the gap shows on dark and light datasets alike.
constexpr int64_t kGap = 1;
constexpr double kGapValue = 0.5;

// [N,C,H,W] -> [C, rows*H + gaps, cols*W + gaps], row-major, near-square (cols = ceil(sqrt(N))).
torch::Tensor tileGrid(const torch::Tensor& images) {
  const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
  const int64_t cols = static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int64_t rows = (n + cols - 1) / cols;
  torch::Tensor grid = torch::full({c, rows * h + (rows - 1) * kGap, cols * w + (cols - 1) * kGap}, kGapValue);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t y = (i / cols) * (h + kGap), x = (i % cols) * (w + kGap);
    grid.slice(1, y, y + h).slice(2, x, x + w).copy_(images[i]);
  }
  return grid;
}

// A cvae's class of each sample: --class N for all, else row r of tileGrid's layout as class r mod classes. Other
// kinds take no labels and refuse --class (CliError, exit 2, before anything is decoded or written).
torch::Tensor sampleLabels(const VaeConfig& config, int64_t count, int64_t classIndex, const QString& path) {
  if (!config.isConditional()) {
    if (classIndex >= 0)
      throw CliError("--class is for a cvae; " + path.toStdString() + " is a " + toString(config.kind));
    return {};
  }
  if (classIndex >= config.classCount)
    throw CliError("--class " + std::to_string(classIndex) + ": the cvae has classes 0.." +
                   std::to_string(config.classCount - 1));
  if (classIndex >= 0) return torch::full({count}, classIndex, torch::kLong);
  const int64_t cols = static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  return torch::arange(count, torch::kLong).div(cols, "floor").remainder(config.classCount);
}

int sample(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Decodes N samples z ~ N(0,I) with a checkpoint's decoder and saves them as one PNG grid.\n"
                     "A cvae draws row r of the grid as class r mod classes, or every sample as --class N."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("checkpoint"), QStringLiteral("Trained run to sample from (required)."),
       QStringLiteral("RUN.vaestudio")},
      {QStringLiteral("count"), QStringLiteral("Number of samples, 1..4096 (default 64)."), QStringLiteral("N")},
      {QStringLiteral("seed"), QStringLiteral("Seed of the latent samples (default 0)."), QStringLiteral("N")},
      {QStringLiteral("scale"), QStringLiteral("Nearest-neighbour upscale factor, 1..32 (default 2)."),
       QStringLiteral("K")},
      {QStringLiteral("out"), QStringLiteral("PNG file to write (required)."), QStringLiteral("grid.png")},
      {QStringLiteral("class"), QStringLiteral("cvae: every sample of this class, 0..classes-1."), QStringLiteral("N")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object describing what was written instead of text.")},
  });
  parseCliArguments(parser, args);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("sample"))) return kExitOk;
  const QString checkpointPath = requiredOption(parser, QStringLiteral("checkpoint"));
  const QString out = requiredOption(parser, QStringLiteral("out"));
  const int64_t count = integerOption(parser, QStringLiteral("count"), kDefaultCount, 1, kMaxCount);
  const int64_t seed = integerOption(parser, QStringLiteral("seed"), 0, 0);
  const int64_t scale = integerOption(parser, QStringLiteral("scale"), kDefaultScale, 1, kMaxScale);
  const int64_t classIndex = integerOption(parser, QStringLiteral("class"), -1, 0, 999);
  checkOutputPath(out);

  const Checkpoint checkpoint = Checkpoint::load(checkpointPath.toStdString());
  const torch::Tensor labels = sampleLabels(checkpoint.modelConfig, count, classIndex, checkpointPath);
  Vae model = checkpoint.makeModel();
  // A private generator: the same seed gives the same grid regardless of anything else in the process.
  at::Generator gen = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
  const torch::Tensor z = torch::randn({count, checkpoint.modelConfig.latentDim}, gen, torch::kFloat);
  const torch::Tensor grid = tileGrid(model->decodeImages(z, labels))
                                 .repeat_interleave(scale, /*dim=*/1)
                                 .repeat_interleave(scale, /*dim=*/2);
  const QImage image = tensorToImage(grid);

  try {
    savePngAtomically(out, image);  // temp + flush + rename: an existing grid.png is never half-replaced
  } catch (const ExportError& e) {
    throw CliError(e.what());
  }
  if (parser.isSet(QStringLiteral("json"))) {
    nlohmann::ordered_json j = {{"command", "sample"},
                   {"checkpoint", checkpointPath.toStdString()},
                   {"out", out.toStdString()},
                   {"count", count},
                   {"seed", seed},
                   {"scale", scale},
                   {"latent_dim", checkpoint.modelConfig.latentDim},
                   {"files", nlohmann::ordered_json::array({describeWrittenFile(out)})}};
    if (classIndex >= 0) j["class"] = classIndex;
    printJsonLine(j);
    return kExitOk;
  }
  std::printf("wrote %s (%lld samples, %dx%d px)\n", out.toLocal8Bit().constData(), static_cast<long long>(count),
              image.width(), image.height());
  // Issue 18: nothing pulled an autoencoder's codes towards N(0,I), so its prior samples are often not images.
  if (checkpoint.modelConfig.isAutoencoder())
    std::fprintf(stderr, "note: %s is a plain autoencoder; its codes were not fitted to N(0,I)\n",
                 checkpointPath.toLocal8Bit().constData());
  return kExitOk;
}

}  // namespace

int runSampleCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("sample"), [&] { return sample(args); });
}

}  // namespace vae
