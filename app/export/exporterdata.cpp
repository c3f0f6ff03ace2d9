// Exporter's data kinds: the loss history and codes as CSV, the loss plot, the PyTorch weights, the slider presets
// and the mutual-information matrix. Kept apart from exporter.cpp, which dispatches and renders the pictures.
#include "app/export/exporter.h"

#include "app/core/folderdataset.h"
#include "app/core/latentdecoder.h"
#include "app/core/latentpresets.h"
#include "app/export/csvnumber.h"
#include "app/export/historyplot.h"
#include "model/disentanglement.h"
#include "model/latenttools.h"
#include "model/weightsexport.h"
#include "widgets/lossplot.h"
#include "widgets/mutualinfoheatmap.h"
#include "widgets/plotlibrary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace vae {

namespace {
// The loss plot's exported size: the window's proportions, large enough for a slide.
constexpr int kPlotWidth = 1200;
constexpr int kPlotHeight = 700;
// Rows of the codes CSV per progress report / cancel check.
constexpr int64_t kCodesBatch = 1000;

[[noreturn]] void fail(const QString& message) { throw ExportError(message.toStdString()); }

// The heatmap picture's width, and the height per latent dimension below its title and factor names: rows tall
// enough to print each value, as the Training tab does.
constexpr int kHeatmapWidth = 520;
constexpr int kHeatmapHeaderHeight = 70;
constexpr int kHeatmapRowHeight = 28;

// The CSV: a header "dimension,<factor>,...", one row per latent dimension (its index first, I(z_j; v_k) in nats),
// then three summary rows in the same columns: "entropy" (H(v_k) of the binned factor), "gap" (the normalised gap
// of each factor) and last "mig,<value>". A reader wanting the matrix keeps the rows whose first field is a number.
QByteArray mutualInformationCsv(const MutualInformation& mi) {
  QByteArray bytes;
  QTextStream out(&bytes);
  out << "dimension";
  for (const std::string& name : mi.factorNames) out << ',' << QString::fromStdString(name);
  out << '\n';
  for (int64_t j = 0; j < mi.latentDim(); ++j) {
    out << j;
    for (int64_t k = 0; k < mi.factorCount(); ++k) out << ',' << csvNumber(mi.at(j, k));
    out << '\n';
  }
  out << "entropy";
  for (int64_t k = 0; k < mi.factorCount(); ++k) out << ',' << csvNumber(mi.factorEntropy[k].item<double>());
  out << "\ngap";
  for (double g : mi.gap) out << ',' << csvNumber(g);
  out << "\nmig," << csvNumber(mi.mig) << '\n';
  out.flush();
  return bytes;
}

QImage mutualInformationPicture(const MutualInformation& mi) {
  MutualInfoMatrix m;
  m.rows = static_cast<int>(mi.latentDim());
  for (const std::string& name : mi.factorNames) m.factors << QString::fromStdString(name);
  for (int64_t j = 0; j < mi.latentDim(); ++j)
    for (int64_t k = 0; k < mi.factorCount(); ++k) m.values << mi.at(j, k);
  for (int64_t k = 0; k < mi.factorCount(); ++k) m.entropy << mi.factorEntropy[k].item<double>();
  m.mig = mi.mig;
  m.images = static_cast<int>(mi.images);
  MutualInfoHeatmap map;
  map.setPalette(documentPalette());  // black on white in a document, whatever the desktop's theme
  map.resize(kHeatmapWidth, kHeatmapHeaderHeight + kHeatmapRowHeight * m.rows);
  map.setMatrix(m);
  return map.grab().toImage();
}
}  // namespace

QString Exporter::exportHistory(const ExportOptions& o) {
  const History& h = checkpoint_.history;
  QByteArray bytes;
  QTextStream out(&bytes);
  out << "step,epoch,total,recon,kl,beta,lr,test\n";
  // The held-out -ELBO belongs to the last step of its epoch; other rows leave it empty.
  size_t nextEpoch = 0;
  for (const StepRecord& r : h.steps) {
    while (nextEpoch < h.epochs.size() && h.epochs[nextEpoch].step < r.step) ++nextEpoch;
    const bool epochEnd = nextEpoch < h.epochs.size() && h.epochs[nextEpoch].step == r.step;
    out << r.step << ',' << r.epoch << ',' << csvNumber(r.total) << ',' << csvNumber(r.recon) << ','
        << csvNumber(r.kl) << ',' << csvNumber(r.beta) << ',' << csvNumber(r.lr) << ','
        << (epochEnd ? csvNumber(h.epochs[nextEpoch].testTotal) : QString()) << '\n';
  }
  out.flush();
  saveBytesAtomically(o.out, bytes);
  return QStringLiteral("wrote %1 (%2 steps, %3 epochs)").arg(o.out).arg(h.steps.size()).arg(h.epochs.size());
}

QString Exporter::exportCodes(const ExportOptions& o, const ExportHooks& hooks) {
  const DatasetSplit& split = data(o);
  std::vector<const Dataset*> sets;
  if (o.split == QLatin1String("test") || o.split == QLatin1String("all")) sets.push_back(&split.test);
  if (o.split == QLatin1String("train") || o.split == QLatin1String("all")) sets.push_back(&split.train);
  if (sets.empty()) fail(QStringLiteral("--split must be test, train or all, got '%1'").arg(o.split));
  const VaeConfig& c = checkpoint_.modelConfig;
  for (const Dataset* set : sets)
    if (set->channels() != c.channels || set->height() != c.height || set->width() != c.width)
      fail(QStringLiteral("%1: its images are %2x%3x%4, the model takes %5x%6x%7")
               .arg(QString::fromStdString(set->name))
               .arg(set->channels())
               .arg(set->height())
               .arg(set->width())
               .arg(c.channels)
               .arg(c.height)
               .arg(c.width));
  int64_t total = 0;
  for (const Dataset* set : sets) total += set->size();

  QByteArray bytes;
  QTextStream out(&bytes);
  out << "split,index";
  // A plain autoencoder's code is its mu head's output and has no variance: mu columns only.
  const bool withLogvar = !c.isAutoencoder();
  for (int64_t d = 0; d < c.latentDim; ++d) out << ",mu_" << d;
  for (int64_t d = 0; withLogvar && d < c.latentDim; ++d) out << ",logvar_" << d;
  out << ",label\n";
  int64_t done = 0;
  torch::NoGradGuard noGrad;
  for (const Dataset* set : sets) {
    const QString name = set == &split.test ? QStringLiteral("test") : QStringLiteral("train");
    for (int64_t begin = 0; begin < set->size(); begin += kCodesBatch) {
      if (hooks.cancelled && *hooks.cancelled) fail(QStringLiteral("cancelled; %1 not written").arg(o.out));
      const int64_t end = std::min(set->size(), begin + kCodesBatch);
      // A cvae's code of an image is q(z|x, y) with its own class (refused by the model for unlabelled data).
      const torch::Tensor y = c.isConditional() && set->hasLabels() ? set->labels.slice(0, begin, end) : torch::Tensor();
      auto [mu, logvar] = model_->encode(set->floatImages(begin, end), y);
      const torch::Tensor m = mu.to(torch::kFloat64).contiguous();
      const torch::Tensor v = withLogvar ? logvar.to(torch::kFloat64).contiguous() : torch::Tensor();
      const double* mp = m.data_ptr<double>();
      const double* vp = withLogvar ? v.data_ptr<double>() : nullptr;
      torch::Tensor labels;
      if (set->hasLabels()) labels = set->labels.slice(0, begin, end).to(torch::kInt64).contiguous();
      for (int64_t i = 0; i < end - begin; ++i) {
        out << name << ',' << begin + i;
        for (int64_t d = 0; d < c.latentDim; ++d) out << ',' << csvNumber(mp[i * c.latentDim + d]);
        for (int64_t d = 0; vp && d < c.latentDim; ++d) out << ',' << csvNumber(vp[i * c.latentDim + d]);
        out << ',' << (labels.defined() ? QString::number(labels.data_ptr<int64_t>()[i]) : QString()) << '\n';
      }
      done += end - begin;
      if (hooks.progress) hooks.progress(done, total);
    }
  }
  out.flush();
  saveBytesAtomically(o.out, bytes);
  return QStringLiteral("wrote %1 (%2 images, %3 latent dimensions)").arg(o.out).arg(total).arg(c.latentDim);
}

QString Exporter::exportPlot(const ExportOptions& o) {
  LossPlot plot;
  // A file is read on paper and in documents: black on white, whatever the theme of the desktop that wrote it.
  plot.setPalette(documentPalette());
  plot.resize(kPlotWidth, kPlotHeight);
  plot.setHasKlTerm(!checkpoint_.modelConfig.isAutoencoder());
  plotHistory(&plot, checkpoint_.history);
  saveViaTempFile(o.out, [&](const QString& temp) { return plot.saveImage(temp, kPlotWidth, kPlotHeight); });
  return QStringLiteral("wrote %1 (%2 steps, %3 epochs)").arg(o.out).arg(checkpoint_.history.steps.size()).arg(checkpoint_.history.epochs.size());
}

QString Exporter::exportWeights(const ExportOptions& o) {
  const QFileInfo info(o.out);
  const QString json = architectureJsonPath(o.out);
  try {
    saveStateDict(model_, o.out.toStdString());
    saveArchitectureJson(model_, json.toStdString(), info.fileName().toStdString());
  } catch (const std::runtime_error& e) {
    fail(QString::fromStdString(e.what()));
  }
  return QStringLiteral("wrote %1 (PyTorch state_dict%2) and %3")
      .arg(o.out, isClassicMlp(checkpoint_.modelConfig) ? QStringLiteral(", classic fc1/fc21/fc22/fc3/fc4 names")
                                                        : QString(),
           json);
}

QString Exporter::exportPresets(const ExportOptions& o) {
  QVector<LatentPreset> presets;
  // The presets the Explore tab keeps, plus z under presetName when one was given.
  if (QFileInfo::exists(presetsPath())) {
    try {
      presets = loadPresets(presetsPath());
    } catch (const std::exception& e) {
      fail(QString::fromStdString(e.what()));
    }
  }
  if (!o.z.isEmpty()) presets.append(LatentPreset{o.presetName, baseZ(o)});
  if (presets.isEmpty()) fail(QStringLiteral("there are no saved presets; pass --z to export one"));
  try {
    savePresets(o.out, presets);
  } catch (const std::exception& e) {
    fail(QString::fromStdString(e.what()));
  }
  return QStringLiteral("wrote %1 (%2 presets)").arg(o.out).arg(presets.size());
}

QString Exporter::exportMutualInformation(const ExportOptions& o) {
  const Dataset& test = data(o).test;
  if (!test.factors.defined() || test.factors.dim() != 2 || test.factors.size(1) == 0)
    fail(QStringLiteral("%1: not written; the run's data (%2) have no known generative factors, mutual "
                        "information needs a run on shapes")
             .arg(o.out, QString::fromStdString(test.name)));
  MutualInformation mi;
  try {
    mi = disentanglement(model_, test);
  } catch (const std::invalid_argument& e) {
    fail(o.out + QStringLiteral(": ") + QString::fromStdString(e.what()));
  }
  if (QFileInfo(o.out).suffix().toLower() == QLatin1String("png"))
    savePngAtomically(o.out, mutualInformationPicture(mi));
  else
    saveBytesAtomically(o.out, mutualInformationCsv(mi));
  return QStringLiteral("wrote %1 (%2 latent dimensions x %3 factors on %4 test images, MIG %5)")
      .arg(o.out)
      .arg(mi.latentDim())
      .arg(mi.factorCount())
      .arg(mi.images)
      .arg(mi.mig, 0, 'f', 3);
}

}  // namespace vae
