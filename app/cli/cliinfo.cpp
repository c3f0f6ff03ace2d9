// vae-studio info: describes a checkpoint or a dataset spec, as text or one JSON object.
#include <torch/torch.h>

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <optional>
#include <iostream>

#include "app/cli/clicommon.h"
#include "app/core/datasetspec.h"
#include "app/core/folderdataset.h"
#include "model/checkpoint.h"
#include "model/disentanglement.h"
#include "model/systeminfo.h"

namespace vae {

namespace {

// A .vaestudio file is a torch archive, which is a zip file: "PK" catches renamed checkpoints too.
bool looksLikeCheckpoint(const QString& arg) {
  const QFileInfo info(arg);
  if (!info.isFile()) return false;
  if (arg.endsWith(QStringLiteral(".vaestudio"))) return true;
  QFile file(arg);
  return file.open(QIODevice::ReadOnly) && file.read(2) == "PK";
}

std::string joinSizes(const std::vector<int64_t>& sizes) {
  std::string s;
  for (int64_t v : sizes) s += (s.empty() ? "" : ",") + std::to_string(v);
  return s;
}

std::string imageSize(int64_t c, int64_t h, int64_t w) {
  return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

// The run's MIG on its test images, for runs on data with known generative factors (shapes: generated in a
// second, so info stays quick); nullopt for every other dataset, which info does not load.
std::optional<MutualInformation> checkpointMig(const Checkpoint& c) {
  if (!datasetSpecHasFactors(c.datasetSpec)) return std::nullopt;
  const DatasetSplit data = loadDatasetForCli(QStringLiteral("info"), c.datasetSpec);
  Vae model = c.makeModel();
  return disentanglement(model, data.test);
}

int checkpointInfo(const std::string& path, bool json) {
  const Checkpoint c = Checkpoint::load(path);
  const std::optional<MutualInformation> mi = checkpointMig(c);
  const VaeConfig& m = c.modelConfig;
  int64_t parameters = 0;
  for (const torch::Tensor& p : c.parameters) parameters += p.numel();
  const std::vector<EpochRecord>& epochs = c.history.epochs;
  const bool hasEpochs = !epochs.empty();
  using Json = nlohmann::ordered_json;
  if (json) {
    printJsonLine({{"kind", "checkpoint"},
                   {"file", path},
                   {"format_version", kCheckpointFormatVersion},
                   {"model_kind", toString(m.kind)},  // "kind" already says checkpoint or dataset
                   {"class_count", m.isConditional() ? Json(m.classCount) : Json()},
                   {"architecture", toString(m.architecture)},
                   {"latent_dim", m.latentDim},
                   {"likelihood", toString(m.likelihood)},
                   {"channels", m.channels},
                   {"height", m.height},
                   {"width", m.width},
                   {"parameters", parameters},
                   {"dataset_spec", c.datasetSpec},
                   {"dataset_identity", c.datasetIdentity},
                   {"epochs", c.epoch},
                   {"epochs_total", c.trainConfig.epochs},
                   {"global_step", c.globalStep},
                   {"step_in_epoch", c.stepInEpoch},
                   {"train_loss", hasEpochs ? Json(epochs.back().trainTotal) : Json()},
                   {"test_loss", hasEpochs ? Json(epochs.back().testTotal) : Json()},
                   {"events", c.history.events.size()},
                   {"mig", mi ? Json(mi->mig) : Json()},
                   {"mig_images", mi ? Json(mi->images) : Json()},
                   {"model", m.toJson()},
                   {"train", c.trainConfig.toJson()}});
    return kExitOk;
  }
  const std::string layers = m.architecture == Architecture::Mlp ? "hidden " + joinSizes(m.hiddenSizes)
                                                                 : "conv channels " + joinSizes(m.convChannels) +
                                                                       ", hidden " + std::to_string(m.convHidden);
  std::printf("checkpoint      %s (format version %lld)\n", path.c_str(),
              static_cast<long long>(kCheckpointFormatVersion));
  const std::string kind = m.isAutoencoder()   ? "autoencoder (no KL term),"
                           : m.isConditional() ? "cvae (conditional VAE, " + std::to_string(m.classCount) + " classes),"
                                               : "vae,";
  std::printf("model           %s %s, latent %lld, %s, %s likelihood\n", kind.c_str(), toString(m.architecture).c_str(),
              static_cast<long long>(m.latentDim), layers.c_str(), toString(m.likelihood).c_str());
  std::printf("image size      %s (CxHxW)\n", imageSize(m.channels, m.height, m.width).c_str());
  std::printf("parameters      %s\n", groupThousands(parameters).c_str());
  std::printf("dataset         %s (%s)\n", c.datasetSpec.c_str(), c.datasetIdentity.c_str());
  std::printf("trained         %lld of %lld epochs, global step %lld", static_cast<long long>(c.epoch),
              static_cast<long long>(c.trainConfig.epochs), static_cast<long long>(c.globalStep));
  if (c.stepInEpoch > 0)
    std::printf(" (%lld steps into epoch %lld)", static_cast<long long>(c.stepInEpoch),
                static_cast<long long>(c.epoch + 1));
  std::printf("\n");
  std::printf("training        batch %lld, lr %g (%s), beta %g (%s), seed %llu\n",
              static_cast<long long>(c.trainConfig.batchSize), c.trainConfig.lr.lr,
              toString(c.trainConfig.lr.kind).c_str(), c.trainConfig.beta.beta,
              toString(c.trainConfig.beta.kind).c_str(), static_cast<unsigned long long>(c.trainConfig.seed));
  if (hasEpochs)
    std::printf("last loss       train %.2f  test %.2f  (recon %.1f, kl %.1f; nats per image)\n",
                epochs.back().trainTotal, epochs.back().testTotal, epochs.back().testRecon, epochs.back().testKl);
  else
    std::printf("last loss       (no epoch finished yet)\n");
  if (mi)
    std::printf("MIG             %.2f (shapes test set, %s images)\n", mi->mig, groupThousands(mi->images).c_str());
  return kExitOk;
}

int datasetInfo(const std::string& spec, bool json) {
  const DatasetSplit data = loadDatasetForCli(QStringLiteral("info"), spec);
  const Dataset& train = data.train;
  const bool labelled = train.hasLabels();
  int64_t classes = static_cast<int64_t>(train.classNames.size());
  if (labelled && classes == 0) {
    int64_t maxLabel = train.size() > 0 ? train.labels.max().item<int64_t>() : -1;
    if (data.test.hasLabels() && data.test.size() > 0)
      maxLabel = std::max(maxLabel, data.test.labels.max().item<int64_t>());
    classes = maxLabel + 1;
  }
  if (!labelled) classes = 0;
  const std::vector<int64_t> trainCounts = train.classCounts(classes);
  const std::vector<int64_t> testCounts = data.test.classCounts(classes);
  auto className = [&](int64_t k) {
    return k < static_cast<int64_t>(train.classNames.size()) ? train.classNames[static_cast<size_t>(k)]
                                                             : std::to_string(k);
  };

  if (json) {
    nlohmann::ordered_json perClass = nlohmann::ordered_json::array();
    for (int64_t k = 0; k < classes; ++k)
      perClass.push_back({{"label", k},
                          {"name", className(k)},
                          {"train", trainCounts[static_cast<size_t>(k)]},
                          {"test", testCounts[static_cast<size_t>(k)]}});
    printJsonLine({{"kind", "dataset"},
                   {"spec", spec},
                   {"name", train.name},
                   {"identity", train.identity},
                   {"train", train.size()},
                   {"test", data.test.size()},
                   {"channels", train.channels()},
                   {"height", train.height()},
                   {"width", train.width()},
                   {"classes", classes},
                   {"class_counts", perClass},
                   {"factors", train.factorNames},
                   {"warnings", data.warnings}});
    return kExitOk;
  }
  std::printf("dataset         %s (%s)\n", train.name.c_str(), spec.c_str());
  std::printf("identity        %s\n", train.identity.c_str());
  std::printf("images          %s train, %s test\n", groupThousands(train.size()).c_str(),
              groupThousands(data.test.size()).c_str());
  std::printf("image size      %s (CxHxW)\n", imageSize(train.channels(), train.height(), train.width()).c_str());
  if (!train.factorNames.empty()) {
    std::string names;
    for (const std::string& f : train.factorNames) names += (names.empty() ? "" : ", ") + f;
    std::printf("factors         %s\n", names.c_str());
  }
  if (classes == 0) {
    std::printf("classes         none (unlabelled)\n");
    return kExitOk;
  }
  std::printf("classes         %lld\n", static_cast<long long>(classes));
  for (int64_t k = 0; k < classes; ++k)
    std::printf("  %3lld %-20s %8s train %8s test\n", static_cast<long long>(k), className(k).c_str(),
                groupThousands(trainCounts[static_cast<size_t>(k)]).c_str(),
                groupThousands(testCounts[static_cast<size_t>(k)]).c_str());
  return kExitOk;
}

int systemInfo(bool json) {
  if (json) {
    printJsonLine(systemInfoJson());
    return kExitOk;
  }
  for (const auto& [label, value] : systemInfoRows()) {
    std::string padded = label;
    padded.resize(std::max<size_t>(label.size() + 1, 18), ' ');
    std::printf("%s%s\n", padded.c_str(), value.c_str());
  }
  return kExitOk;
}

int info(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Describes a checkpoint (model, data, progress, losses) or a dataset spec (sizes, classes).\n") +
      datasetSpecSyntax() +
      QStringLiteral("\n\n"
                     "With --system: what this machine computes on: CPU and instruction sets, the BLAS library and\n"
                     "the kernel in use, the kernel OpenBLAS chose by itself and why vae-studio changed it (set\n"
                     "OPENBLAS_CORETYPE yourself, or VAE_STUDIO_BLAS=keep, to keep a kernel), LibTorch threads, oneDNN."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("FILE|SPEC"),
                               QStringLiteral("A .vaestudio checkpoint or a dataset spec."));
  parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text.")});
  parser.addOption({QStringLiteral("system"), QStringLiteral("Describe this machine's CPU, BLAS kernel and threads.")});
  parseCliArguments(parser, args, /*maxPositional=*/1);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("info"))) return kExitOk;
  if (parser.isSet(QStringLiteral("system"))) {
    if (!parser.positionalArguments().isEmpty()) throw CliError("--system takes no checkpoint or dataset");
    return systemInfo(parser.isSet(QStringLiteral("json")));
  }
  if (parser.positionalArguments().isEmpty())
    throw CliError("expected a checkpoint file, a dataset spec or --system (see --help)");
  const QString target = parser.positionalArguments().constFirst();
  const bool json = parser.isSet(QStringLiteral("json"));
  // A .vaestudio name is a checkpoint even when missing, unreadable or a directory: the loader says which.
  if (looksLikeCheckpoint(target) || target.endsWith(QStringLiteral(".vaestudio")))
    return checkpointInfo(target.toStdString(), json);
  return datasetInfo(target.toStdString(), json);
}

}  // namespace

int runInfoCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("info"), [&] { return info(args); });
}

}  // namespace vae
