#include "app/gui/guimain.h"

#include "app/core/datasetspec.h"
#include "app/core/logging.h"

#include "app/gui/explorepanel.h"
#include "app/gui/latentplanepanel.h"
#include "app/gui/mainwindow.h"
#include "model/blaskernel.h"
#include "app/gui/translators.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QTabWidget>

#include <cstdio>
#include <cstdlib>

namespace vae {

namespace {
bool hasEnv(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0';
}
}  // namespace

int runGui(int argc, char** argv) {
  // Without a display Qt aborts with a long plugin message; say what to do instead.
  if (!hasEnv("QT_QPA_PLATFORM") && !hasEnv("DISPLAY") && !hasEnv("WAYLAND_DISPLAY")) {
    std::fputs("vae-studio: no display found. Run the GUI under a desktop session or with `xvfb-run -a vae-studio`; "
               "headless use: vae-studio train|sample|info|bench --help\n",
               stderr);
    return 2;
  }

  QApplication app(argc, argv);
  // Names, version and display name were set by main (setApplicationIdentity), the same for every command.
  // Lets Wayland compositors match the window to the installed .desktop file and its icon.
  QApplication::setDesktopFileName(QStringLiteral("vae-studio"));
  QApplication::setWindowIcon(MainWindow::appIcon());
  qCDebug(lcBlas) << "OpenBLAS kernel in use:" << blasStatus().coreInUse.c_str()
                  << "best for this CPU:" << blasStatus().coreBest.c_str() << "GEMM check:" << blasStatus().gemmCheck.c_str();
  // The system locale's language (LANG=zh_CN.UTF-8 gives the Chinese UI); English is the source language.
  installTranslators(app);

  MainWindow window;
  window.show();
  // A checkpoint named on the command line (file managers pass the file) opens with its dataset;
  // otherwise the dataset of the last session.
  QString checkpoint;
  for (const QString& arg : QApplication::arguments().mid(1))
    if (arg.endsWith(QLatin1String(".vaestudio")) && QFileInfo::exists(arg)) checkpoint = arg;
  if (checkpoint.isEmpty()) {
    window.loadDataset(initialDatasetSpec());
    window.offerAutosaveRestore();
  } else {
    window.openCheckpoint(checkpoint);
  }
  // For demos and screenshots: start training as soon as the dataset is there.
  if (QApplication::arguments().contains(QStringLiteral("--train-on-start")))
    QObject::connect(
        &window, &MainWindow::datasetLoaded, &window, [&window] { window.startTraining(); }, Qt::SingleShotConnection);
  // For screenshots and teaching: `--tab explore` shows that tab once the run or dataset is open;
  // `--tab scatter` shows the Explore tab with the scatter of codes instead of the grid.
  const QStringList args = QApplication::arguments();
  const int tabArg = args.indexOf(QStringLiteral("--tab"));
  if (tabArg > 0 && tabArg + 1 < args.size()) {
    const QString name = args.at(tabArg + 1).toLower();
    auto showTab = [&window, name] {
      const QString tab = name == QStringLiteral("scatter") ? QStringLiteral("explore") : name;
      // The name is English whatever the UI language: compare with the tab's title as translated.
      const QString title = MainWindow::tr(qUtf8Printable(tab.left(1).toUpper() + tab.mid(1)));
      for (int i = 0; i < window.tabs()->count(); ++i)
        if (window.tabs()->tabText(i).remove('&') == title) window.tabs()->setCurrentIndex(i);
      if (name == QStringLiteral("scatter")) window.explorePanel()->latentPlane()->showView(1);
    };
    QObject::connect(&window, &MainWindow::checkpointLoaded, &window, showTab);
    QObject::connect(&window, &MainWindow::datasetLoaded, &window, showTab);
  }
  return app.exec();
}

}  // namespace vae
