#pragma once

#include <QString>

namespace vae {

// The names Qt derives every per-user path from, set once for the GUI and every CLI command (main calls it before
// dispatching): settings in ~/.config/vae-studio/vae-studio.conf, app data (slider presets, unsaved autosaves) in
// ~/.local/share/vae-studio/vae-studio/. "VAE Studio" stays the display name of windows. Works before or after the
// QCoreApplication exists.
void setApplicationIdentity();

// What a one-time migration from the old names ("VAE Studio" for organisation and application) did.
struct LegacyMigration {
  int settingsKeys = 0;  // keys copied into the new settings file
  int dataFiles = 0;     // files copied into the new app data folder
};

// Copies the settings (recent files, window state, last dataset, export folder) and the app data (presets.json,
// unsaved autosaves) of versions that used the old names, once: only while the new settings file or app data folder
// does not exist yet. The old files stay, so an older version still finds them. Call after setApplicationIdentity().
LegacyMigration migrateLegacySettings();

// The settings file QSettings() reads and writes under the identity above.
QString settingsFilePath();

}  // namespace vae
