#pragma once

#include <QString>
#include <QVector>

namespace vae {

// A named latent code the user wants to come back to (a face, a shoe, a digit found with the sliders).
struct LatentPreset {
  QString name;
  QVector<double> z;
};

// Reads a presets file:
//   {"format":"vae-studio-presets","version":1,"latent_dim":L,"presets":[{"name":"…","z":[…]}, …]}
// latent_dim is informative only: presets of another length are kept (the explorer greys them out),
// so one file can hold codes of several models. Throws std::runtime_error "PATH: reason" (one line) when
// the file is missing or unreadable, is not JSON, or has the wrong structure or a non-numeric z.
QVector<LatentPreset> loadPresets(const QString& path);

// Where the explorer keeps the user's presets (presets.json in the application's data directory); the
// exporter reads the same file for `export --what presets`.
QString presetsPath();

// Writes presets atomically (QSaveFile: a failed write leaves the old file as it was). latent_dim is the
// length of the first preset (0 for none). Throws std::runtime_error "PATH: reason" on failure.
void savePresets(const QString& path, const QVector<LatentPreset>& presets);

}  // namespace vae
