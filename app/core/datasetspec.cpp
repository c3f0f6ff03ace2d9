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
QString tr(const char* text) { return QCoreApplication::translate("DatasetSpec", text); }
}  // namespace

QString describeDatasetSpec(const QString& spec) {
  const QString kind = spec.section(QLatin1Char(':'), 0, 0);
  const QString rest = spec.section(QLatin1Char(':'), 1);
  if (kind == QLatin1String("fashion-mnist")) return tr("Fashion-MNIST");
  if (kind == QLatin1String("shapes")) return tr("Shapes");
  if (kind == QLatin1String("cifar10")) return tr("CIFAR-10 (%1)").arg(QFileInfo(rest).fileName());
  if (kind == QLatin1String("idx")) return QFileInfo(rest.section(QLatin1Char(','), 0, 0)).fileName();
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
