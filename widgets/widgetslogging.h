#pragma once

// The widgets' logging category, vae.widgets: a caller's mistake the widget survives (mismatched sizes) is a warning
// here rather than a bare qWarning, so QT_LOGGING_RULES can select it (README "Diagnostics").
#include <QLoggingCategory>

namespace vae {

Q_DECLARE_LOGGING_CATEGORY(lcWidgets)

}  // namespace vae
