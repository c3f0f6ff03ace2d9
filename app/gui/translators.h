#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace vae {

// Installs the translations for `locale` (by default the system locale, from LANGUAGE, LC_ALL, LC_MESSAGES or
// LANG): VAE Studio's own from the embedded :/i18n/vae-studio_<lang>.qm, and Qt's own (qtbase_<lang>.qm from
// Qt's translations folder) for the standard dialogs and buttons. The translators are children of `app`.
// English is the source language and needs none. Returns the files loaded, for diagnostics and tests.
QStringList installTranslators(QCoreApplication& app, const QLocale& locale = QLocale());

}  // namespace vae
