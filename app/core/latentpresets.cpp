#include "app/core/latentpresets.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>
#include <QStandardPaths>

#include <cmath>
#include <stdexcept>

namespace vae {

QString presetsPath() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath("presets.json");
}

namespace {
// The file's "format" tag: tells a presets file from any other JSON a user might pick in Import….
const char* const kFormat = "vae-studio-presets";
// Bumped when the layout changes incompatibly; older readers then refuse instead of misreading.
constexpr int kVersion = 1;

[[noreturn]] void fail(const QString& path, const QString& reason) {
  // The reason may quote a preset name from the file; its control characters (a newline in a name)
  // are escaped so the message stays one line.
  QString oneLine;
  for (const QChar c : reason)
    oneLine += c.unicode() < 0x20 || c.unicode() == 0x7f ? QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0')) : QString(c);
  throw std::runtime_error(QStringLiteral("%1: %2").arg(path, oneLine).toStdString());
}
}  // namespace

QVector<LatentPreset> loadPresets(const QString& path) {
  QFile file(path);
  if (!file.exists()) fail(path, QStringLiteral("no such file"));
  if (!file.open(QIODevice::ReadOnly)) fail(path, file.errorString());
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
  if (error.error != QJsonParseError::NoError)
    fail(path, QStringLiteral("not valid JSON (%1 at offset %2)").arg(error.errorString()).arg(error.offset));
  if (!doc.isObject()) fail(path, QStringLiteral("expected a JSON object"));
  const QJsonObject root = doc.object();
  if (root.value("format").toString() != QLatin1String(kFormat))
    fail(path, QStringLiteral("not a VAE Studio presets file (\"format\" is not \"%1\")").arg(kFormat));
  if (!root.value("version").isDouble() || root.value("version").toInt() != kVersion)
    fail(path, QStringLiteral("unsupported presets version (expected %1)").arg(kVersion));
  if (!root.value("presets").isArray()) fail(path, QStringLiteral("\"presets\" must be an array"));

  QVector<LatentPreset> presets;
  const QJsonArray items = root.value("presets").toArray();
  for (int i = 0; i < items.size(); ++i) {
    if (!items[i].isObject()) fail(path, QStringLiteral("preset %1 is not an object").arg(i));
    const QJsonObject item = items[i].toObject();
    if (!item.value("name").isString()) fail(path, QStringLiteral("preset %1 has no \"name\" string").arg(i));
    if (!item.value("z").isArray()) fail(path, QStringLiteral("preset %1 has no \"z\" array").arg(i));
    LatentPreset preset;
    preset.name = item.value("name").toString();
    for (const QJsonValue& v : item.value("z").toArray()) {
      // QJson stores NaN/Inf as null, so isDouble() also rejects those.
      if (!v.isDouble()) fail(path, QStringLiteral("preset \"%1\": z holds a non-numeric value").arg(preset.name));
      preset.z.append(v.toDouble());
    }
    if (preset.z.isEmpty()) fail(path, QStringLiteral("preset \"%1\": z is empty").arg(preset.name));
    presets.append(preset);
  }
  return presets;
}

void savePresets(const QString& path, const QVector<LatentPreset>& presets) {
  QJsonArray items;
  for (const LatentPreset& preset : presets) {
    QJsonArray z;
    for (double v : preset.z) {
      if (!std::isfinite(v)) fail(path, QStringLiteral("preset \"%1\": z is not finite").arg(preset.name));
      z.append(v);
    }
    items.append(QJsonObject{{"name", preset.name}, {"z", z}});
  }
  const QJsonObject root{{"format", kFormat},
                         {"version", kVersion},
                         {"latent_dim", presets.isEmpty() ? 0 : static_cast<int>(presets.first().z.size())},
                         {"presets", items}};
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) fail(path, file.errorString());
  // Qt 6.4's commit() ignores a failed flush and a short write sets no error: a full disk could
  // otherwise rename a truncated file over the user's presets.
  const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
  if (file.write(bytes) != bytes.size() || !file.flush()) {
    const QString reason = file.errorString().isEmpty() ? QStringLiteral("write failed") : file.errorString();
    file.cancelWriting();
    fail(path, reason);
  }
  if (!file.commit()) fail(path, file.errorString());
}

}  // namespace vae
