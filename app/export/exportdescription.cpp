#include "app/export/exportdescription.h"

#include "app/core/latentpresets.h"
#include "model/weightsexport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>

namespace vae {

namespace {
// lupdate files the tr() calls of free functions in namespace vae under the context "vae"; so does this.
QString tr(const char* text) { return QCoreApplication::translate("vae", text); }
QString count(int64_t n) { return QLocale().toString(static_cast<qint64>(n)); }

// A plain autoencoder's CSV has no logvar columns (its code has no variance); the text says what the rows hold.
QString describeCodes(const Checkpoint& c, const DatasetSplit* data, const ExportOptions& o) {
  const int64_t latent = c.modelConfig.latentDim;
  const bool autoencoder = c.modelConfig.isAutoencoder();
  const QString columns =
      autoencoder ? tr("%1 columns: split, index, mu_0…mu_%2 (the code z), label").arg(latent + 3).arg(latent - 1)
                  : tr("%1 columns: split, index, mu_0…mu_%2, logvar_0…logvar_%2, label")
                        .arg(2 * latent + 3)
                        .arg(latent - 1);
  if (!data)
    return (autoencoder ? tr("A CSV of the autoencoder's code z of every image of the %1 split of %2 (loaded "
                             "when exporting), one row per image; %3.")
                        : tr("A CSV of the posterior mean μ and log-variance of every image of the %1 split of %2 "
                             "(loaded when exporting), one row per image; %3."))
        .arg(o.split, QString::fromStdString(c.datasetSpec), columns);
  int64_t rows = 0;
  if (o.split == QLatin1String("test") || o.split == QLatin1String("all")) rows += data->test.size();
  if (o.split == QLatin1String("train") || o.split == QLatin1String("all")) rows += data->train.size();
  return (autoencoder ? tr("A CSV of the autoencoder's code z of every image of the %1 split: %2 rows (one per "
                           "image) of %3.")
                      : tr("A CSV of the posterior mean μ and log-variance of every image of the %1 split: %2 rows "
                           "(one per image) of %3."))
      .arg(o.split, count(rows), columns);
}

QString describeWeights(const Checkpoint& c, const ExportOptions& o) {
  int64_t parameters = 0;
  for (const torch::Tensor& t : c.parameters) parameters += t.numel();
  const QFileInfo info(o.out);
  const QString json = (o.out.isEmpty() ? QStringLiteral("weights") : info.completeBaseName()) + QStringLiteral(".json");
  return tr("A PyTorch state_dict (torch.load reads it, no VAE Studio needed) of %1 tensors, %2 parameters%3; "
            "beside it %4 describes the architecture with a Python class that loads it.")
      .arg(c.parameters.size())
      .arg(count(parameters))
      .arg(isClassicMlp(c.modelConfig) ? tr(", named like the PyTorch example (fc1, fc21, fc22, fc3, fc4)") : QString())
      .arg(json);
}

QString describePresets(const ExportOptions& o) {
  int stored = 0;
  if (QFileInfo::exists(presetsPath())) {
    try {
      stored = static_cast<int>(loadPresets(presetsPath()).size());
    } catch (const std::exception& e) {
      return tr("The stored presets cannot be read: %1").arg(QString::fromStdString(e.what()));
    }
  }
  const QString current = o.z.isEmpty() ? QString() : tr(", plus the current z as “%1”").arg(o.presetName);
  return tr("A JSON file of the %1 saved slider presets%2; Explore → Presets → Import reads it back.")
      .arg(stored)
      .arg(current);
}
}  // namespace

QString describeExport(const Checkpoint& c, const DatasetSplit* data, const ExportOptions& o) {
  const History& h = c.history;
  switch (o.kind) {
    case ExportKind::History:
      return tr("A CSV of %1 rows, one per training step (step, epoch, total, recon, kl, beta, lr, test), in "
                "nats per image; the held-out −ELBO of each of the %2 epochs sits on its last step.")
          .arg(count(static_cast<int64_t>(h.steps.size())), count(static_cast<int64_t>(h.epochs.size())));
    case ExportKind::Codes: return describeCodes(c, data, o);
    case ExportKind::Plot:
      return tr("The loss plot as the Training tab draws it (%1 steps, %2 test points, %3 markers): a 1200×700 "
                "PNG, or a vector PDF.")
          .arg(count(static_cast<int64_t>(h.steps.size())), count(static_cast<int64_t>(h.epochs.size())),
               count(static_cast<int64_t>(h.events.size())));
    case ExportKind::Weights: return describeWeights(c, o);
    case ExportKind::Presets: return describePresets(o);
    case ExportKind::MutualInformation:
      return tr("A CSV of the mutual information between each latent dimension (rows) and each generative factor "
                "(columns) on the test images, in nats, then the factors' entropies, their gaps and the MIG; or "
                "the heatmap as a PNG. Only for runs on shapes, whose images have known factors.");
    default: return {};
  }
}

}  // namespace vae
