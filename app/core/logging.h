#pragma once

// The app's logging categories, one per area. Diagnostics go through them (qCDebug(lcTraining) << ...), never bare
// qDebug/fprintf, so one switch shows an area: QT_LOGGING_RULES="vae.*.debug=true" or "vae.data.debug=true".
// Debug messages are off by default; warnings are on. What a CLI command promises its user on stdout/stderr is
// output, not a diagnostic, and does not go through these. model/ has no Qt and reports through its own errors.
#include <QLoggingCategory>

namespace vae {

Q_DECLARE_LOGGING_CATEGORY(lcTraining)  // vae.training: the training thread's life, commands and checkpoints
Q_DECLARE_LOGGING_CATEGORY(lcData)      // vae.data: dataset loading, image folders, encoding a dataset
Q_DECLARE_LOGGING_CATEGORY(lcExport)    // vae.export: export jobs and previews
Q_DECLARE_LOGGING_CATEGORY(lcGui)       // vae.gui: windows, dialogs, help
Q_DECLARE_LOGGING_CATEGORY(lcBlas)      // vae.blas: the OpenBLAS kernel in use (chosen by model/ at start-up)
Q_DECLARE_LOGGING_CATEGORY(lcSettings)  // vae.settings: the settings file and migration from older names

}  // namespace vae
