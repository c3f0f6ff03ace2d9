// The Chinese UI (issue 17): ctest starts this test with LANG=zh_CN.UTF-8 and no LANGUAGE/LC_ALL/LC_MESSAGES
// (tests/CMakeLists.txt), installs the translators the way runGui() does, and finds the window in Chinese.
#include "app/core/datasetspec.h"
#include "app/core/folderdataset.h"
#include "app/gui/aboutbox.h"
#include "app/gui/datasetsummary.h"
#include "app/gui/mainwindow.h"
#include "app/gui/translators.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

using vae::MainWindow;

namespace {
bool hasChinese(const QString& text) {
  for (QChar c : text)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

QMenu* menuTitled(MainWindow& w, const QString& title) {
  for (QAction* a : w.menuBar()->actions())
    if (a->text() == title) return a->menu();
  return nullptr;
}
}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT

  QStringList loaded_;

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    loaded_ = vae::installTranslators(*qApp);
  }

  // Qt reads LANG itself; the glibc locale zh_CN.UTF-8 need not be generated for the UI language.
  void systemLocaleComesFromLang() {
    QCOMPARE(qEnvironmentVariable("LANG"), QStringLiteral("zh_CN.UTF-8"));
    QCOMPARE(QLocale::system().language(), QLocale::Chinese);
    QCOMPARE(QLocale().territory(), QLocale::China);
  }

  void ownAndQtTranslationsAreLoaded() {
    QCOMPARE(loaded_.size(), 2);
    QVERIFY2(loaded_.at(0).startsWith(QStringLiteral(":/i18n/vae-studio_zh")), qPrintable(loaded_.join(' ')));
    QVERIFY2(loaded_.at(1).contains(QStringLiteral("qtbase_zh")),
             "Qt's own qtbase_zh_CN.qm is missing: install qt6-translations-l10n (run.sh does)");
  }

  void menusAreChinese() {
    MainWindow w;
    QVERIFY(menuTitled(w, QStringLiteral("文件(&F)")) != nullptr);
    QVERIFY(menuTitled(w, QStringLiteral("帮助(&H)")) != nullptr);
    for (QAction* menu : w.menuBar()->actions())
      QVERIFY2(hasChinese(menu->text()), qPrintable(menu->text()));
    for (QAction* entry : menuTitled(w, QStringLiteral("文件(&F)"))->actions())
      if (!entry->isSeparator()) QVERIFY2(hasChinese(entry->text()), qPrintable(entry->text()));
  }

  // Toolbar buttons are labels, not menu entries: no "(S)" left over from a "(&S)" mnemonic, also after the
  // Start action turns into Pause.
  void toolbarTextsHaveNoMnemonic() {
    MainWindow w;
    auto* bar = w.findChild<QToolBar*>(QStringLiteral("trainingToolbar"));
    QVERIFY(bar);
    const QRegularExpression leftover(QStringLiteral("\\([A-Za-z]\\)|&"));
    int checked = 0;
    for (QAction* action : bar->actions()) {
      if (action->isSeparator()) continue;
      QVERIFY2(hasChinese(action->iconText()), qPrintable(action->iconText()));
      QVERIFY2(!leftover.match(action->iconText()).hasMatch(), qPrintable(action->iconText()));
      action->setText(QStringLiteral("暂停(&P)"));  // as MainMenus::update does when training starts
      QCOMPARE(action->iconText(), QStringLiteral("暂停"));
      ++checked;
    }
    QVERIFY(checked >= 4);
  }

  void tabsAreChinese() {
    MainWindow w;
    for (int i = 0; i < w.tabs()->count(); ++i)
      QVERIFY2(hasChinese(w.tabs()->tabText(i)), qPrintable(w.tabs()->tabText(i)));
  }

  // Qt's own translation: standard buttons of dialogs and message boxes.
  void standardButtonsAreChinese() {
    QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove('&'), QStringLiteral("取消"));
  }

  // The About box's "This machine" rows are named in Chinese (their values are the machine's own facts).
  void aboutBoxRowsAreChinese() {
    const QString html = vae::aboutHtml();
    for (const char* name : {"指令集", "BLAS 内核", "原因"}) QVERIFY2(html.contains(QString::fromUtf8(name)), name);
    QVERIFY(!html.contains(QStringLiteral("Instruction sets")));
  }

  // Free functions translate through the helper whose context must match what lupdate wrote ("vae").
  void freeFunctionTextsAreChinese() { QVERIFY(hasChinese(vae::describeDatasetSpec(QStringLiteral("shapes")))); }

  // A folder with a file it skips: the warning the Dataset panel shows, its reason and the dataset's name are
  // Chinese, though the loader runs in the core layer (and its decoding on threads of its own).
  void folderWarningsAndNameAreChinese() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int i = 0; i < 6; ++i) {
      QImage image(8, 8, QImage::Format_Grayscale8);
      image.fill(i * 40);
      QVERIFY(image.save(dir.filePath(QStringLiteral("%1.png").arg(i))));
    }
    QFile empty(dir.filePath(QStringLiteral("broken.png")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    const auto data = std::make_shared<vae::DatasetSplit>(vae::loadImageFolderSplit(dir.path(), vae::FolderOptions{}));
    QCOMPARE(data->warnings.size(), size_t{1});
    const QString warning = QString::fromStdString(data->warnings.front());
    QVERIFY2(hasChinese(warning), qPrintable(warning));
    QVERIFY2(warning.contains(QStringLiteral("broken.png")), qPrintable(warning));
    QVERIFY2(!warning.contains(QStringLiteral("empty file")), qPrintable(warning));  // the reason too

    vae::DatasetSummary summary;
    summary.setDataset(data);
    QVERIFY2(hasChinese(summary.datasetName()), qPrintable(summary.datasetName()));
    QVERIFY2(summary.datasetName().startsWith(QDir(dir.path()).dirName()), qPrintable(summary.datasetName()));
  }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
