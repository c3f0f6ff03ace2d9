#include "app/gui/translators.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace vae {

namespace {
// Where qt_add_translations (CMakeLists.txt) embeds the .qm files built from resources/translations/.
constexpr char kOwnTranslations[] = ":/i18n";

// Loads `prefix`_<lang>.qm for the locale's UI languages from `folder`; true when one was installed.
bool install(QCoreApplication& app, const QLocale& locale, const QString& prefix, const QString& folder,
             QStringList& loaded) {
  auto* translator = new QTranslator(&app);
  if (!translator->load(locale, prefix, QStringLiteral("_"), folder) ||
      !QCoreApplication::installTranslator(translator)) {
    delete translator;
    return false;
  }
  loaded << translator->filePath();
  return true;
}
}  // namespace

QStringList installTranslators(QCoreApplication& app, const QLocale& locale) {
  QStringList loaded;
  install(app, locale, QStringLiteral("vae-studio"), QString::fromLatin1(kOwnTranslations), loaded);
  // Qt's own also for languages we lack: the file dialog and standard buttons then speak the desktop's language.
  install(app, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath), loaded);
  return loaded;
}

}  // namespace vae
