#include "app/core/datasetspec.h"

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

QString describeDatasetSpec(const QString& spec) {
  const QString kind = spec.section(QLatin1Char(':'), 0, 0);
  const QString rest = spec.section(QLatin1Char(':'), 1);
  if (kind == QLatin1String("fashion-mnist")) return tr("Fashion-MNIST");
  if (kind == QLatin1String("shapes")) return tr("Shapes");
  if (kind == QLatin1String("cifar10")) return tr("CIFAR-10 (%1)").arg(QFileInfo(rest).fileName());
  if (kind == QLatin1String("idx")) return QFileInfo(rest.section(QLatin1Char(','), 0, 0)).fileName();
  if (kind == QLatin1String("folder")) return QFileInfo(rest.section(QLatin1Char(':'), 0, 0)).fileName();
  return spec;
}

QString initialDatasetSpec() {
  const QString last = QSettings().value(kLastDatasetKey).toString();
  return last.isEmpty() ? QString::fromStdString(defaultDatasetSpec()) : last;
}

void rememberDatasetSpec(const QString& spec) { QSettings().setValue(kLastDatasetKey, spec); }

}  // namespace vae
