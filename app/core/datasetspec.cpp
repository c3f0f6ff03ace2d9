#include "app/core/datasetspec.h"

#include "app/core/folderspec.h"
#include "model/dataset.h"
#include "model/datasetloaders.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

namespace vae {

namespace {
constexpr char kLastDatasetKey[] = "lastDatasetSpec";
// lupdate files the tr() calls of free functions in namespace vae under the context "vae"; so does this.
QString tr(const char* text) { return QCoreApplication::translate("vae", text); }
}  // namespace

QString datasetSpecSyntax() {
  return QStringLiteral(
      "Dataset specs:\n"
      "  fashion-mnist                      the Debian package dataset-fashion-mnist\n"
      "  shapes[:SIZE[:COUNT]]              generated shapes, 28 or 64 px\n"
      "  idx:IMAGES[,LABELS][:transpose]    MNIST-style IDX (.gz too); :transpose for EMNIST\n"
      "  npy:IMAGES[,LABELS]                NumPy N×H×W or N×H×W×C (C 1|3), uint8 or float in [0,1]\n"
      "  npz:FILE[:KEY[,LABELSKEY]]         NumPy archive; default arrays: the only one, images|x, labels|y\n"
      "  cifar10:DIR | cifar100:DIR         CIFAR binary version\n"
      "  folder:DIR[:SIZE][:gray|rgb][:crop|stretch]\n"
      "                                     image folder: class subfolders (searched recursively), train/ and\n"
      "                                     test/ (or val/) as the split, or a flat folder without classes\n"
      "idx, npy, npz and folders without train/ and test/ hold out 1/6 for testing (a fixed seed).");
}

QString describeDatasetSpec(const QString& spec) {
  const QString kind = spec.section(QLatin1Char(':'), 0, 0);
  const QString rest = spec.section(QLatin1Char(':'), 1);
  if (kind == QLatin1String("fashion-mnist")) return tr("Fashion-MNIST");
  if (kind == QLatin1String("shapes")) return tr("Shapes");
  if (kind == QLatin1String("cifar10")) return tr("CIFAR-10 (%1)").arg(QFileInfo(rest).fileName());
  if (kind == QLatin1String("cifar100")) return tr("CIFAR-100 (%1)").arg(QFileInfo(rest).fileName());
  if (kind == QLatin1String("idx") || kind == QLatin1String("npy"))
    return QFileInfo(rest.section(QLatin1Char(','), 0, 0)).fileName();
  if (kind == QLatin1String("npz")) return QFileInfo(rest.section(QLatin1Char(':'), 0, 0)).fileName();
  if (kind == QLatin1String("folder")) {
    try {
      const FolderSpec folder = parseFolderSpec(spec.toStdString());
      const QString name = QFileInfo(QString::fromStdString(folder.dir)).fileName();
      // Cropped and stretched runs of one folder are different data: say which one when it is the crop.
      return folder.options.fit == FolderFit::Crop ? tr("%1 (centre crop)").arg(name) : name;
    } catch (const DatasetError&) {
      return spec;
    }
  }
  return spec;
}

QString initialDatasetSpec() {
  const QString last = QSettings().value(kLastDatasetKey).toString();
  return last.isEmpty() ? QString::fromStdString(defaultDatasetSpec()) : last;
}

void rememberDatasetSpec(const QString& spec) { QSettings().setValue(kLastDatasetKey, spec); }

}  // namespace vae
