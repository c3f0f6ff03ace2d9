// The malformed-input corpus (tests/malformed/cases.tsv) against the app's loaders, in-process: every bad
// presets file and image folder fails with one line that names the file (the folder, or the image in it that
// cannot be decoded), and loading them over and over does not grow memory.
#include "app/core/folderdataset.h"
#include "app/core/latentpresets.h"
#include "model/dataset.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTextStream>
#include <QtTest>

#include <cstdio>
#include <stdexcept>

#include <unistd.h>
#include "tests/support/process.h"

namespace {

const QString kMalformedDir = QStringLiteral(VAE_MALFORMED_DIR);
// Loads of every bad file of a kind before measuring (image plugins, allocator pools settle in these).
constexpr int kWarmUpRounds = 20;
// Loads of every bad file of a kind while measuring.
constexpr int kMeasuredRounds = 200;
// Allocator noise stays below this; a leak of 100 bytes per load of each file would not.
constexpr long kMaxGrowthBytes = 4L << 20;

struct Case {
  QString name, kind, input, expect, named;
};

// The committed corpus cases of a kind, with {in} resolved in the path the error must name.
QVector<Case> committedCases(const QString& kind) {
  QFile file(kMalformedDir + "/cases.tsv");
  if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
  QVector<Case> cases;
  QTextStream in(&file);
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (line.isEmpty() || line.startsWith('#') || line.startsWith("name\t")) continue;
    const QStringList f = line.split('\t');
    if (f.size() != 7) qFatal("cases.tsv: bad line %s", qPrintable(line));
    if (f[1] != kind || !f[2].startsWith("corpus/")) continue;
    const QString input = kMalformedDir + "/" + f[2];
    cases.append({f[0], f[1], input, f[5], QString(f[6]).replace("{in}", input)});
  }
  return cases;
}

void load(const Case& c) {
  if (c.kind == "presets")
    vae::loadPresets(c.input);
  else
    vae::loadImageFolder(c.input);
}

QString errorOf(const Case& c) {
  try {
    load(c);
  } catch (const vae::DatasetError& e) {
    if (c.kind != "folder") return QStringLiteral("(DatasetError from a presets file) ") + e.what();
    return QString::fromStdString(e.what());
  } catch (const std::runtime_error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}


void checkMessages(const QVector<Case>& cases) {
  for (const Case& c : cases) {
    const QString message = errorOf(c);
    QVERIFY2(!message.isEmpty(), qPrintable(c.name + ": loaded without an error"));
    QVERIFY2(message.startsWith(c.named + ": "), qPrintable(c.name + ": does not start with the file: " + message));
    QVERIFY2(!message.contains('\n'), qPrintable(c.name + ": more than one line: " + message));
    QVERIFY2(message.contains(c.expect), qPrintable(c.name + ": expected '" + c.expect + "' in: " + message));
  }
}

void checkNoGrowth(const QVector<Case>& cases) {
  QVERIFY(!cases.isEmpty());
  if (!vae::test::kRssIsMeaningful) QSKIP(vae::test::kRssSkipReason);
  auto roundOfAll = [&] {
    for (const Case& c : cases) {
      try {
        load(c);
      } catch (const std::exception&) {
      }
    }
  };
  for (int i = 0; i < kWarmUpRounds; ++i) roundOfAll();
  const long before = vae::test::residentBytes();
  QVERIFY(before > 0);
  for (int i = 0; i < kMeasuredRounds; ++i) roundOfAll();
  const long growth = vae::test::residentBytes() - before;
  qInfo("RSS growth over %d rounds of %d files: %ld bytes", kMeasuredRounds, int(cases.size()), growth);
  QVERIFY2(growth < kMaxGrowthBytes, qPrintable(QStringLiteral("%1 files x %2 rounds grew RSS by %3 bytes")
                                                    .arg(cases.size()).arg(kMeasuredRounds).arg(growth)));
}

}  // namespace

class TestMalformedFiles : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // Qt's image plugins log every broken file they are given; here that is the point, not news.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio=false"));
  }

  void everyBadPresetsFileFailsWithOneLineNamingIt() {
    const QVector<Case> cases = committedCases("presets");
    QVERIFY(cases.size() >= 9);
    checkMessages(cases);
  }

  void everyBadImageFolderFailsWithOneLineNamingTheFile() {
    const QVector<Case> cases = committedCases("folder");
    QVERIFY(cases.size() >= 6);
    checkMessages(cases);
  }

  void loadingBadPresetsRepeatedlyDoesNotGrowMemory() { checkNoGrowth(committedCases("presets")); }

  void loadingBadFoldersRepeatedlyDoesNotGrowMemory() { checkNoGrowth(committedCases("folder")); }
};

QTEST_MAIN(TestMalformedFiles)
#include "test_malformedfiles.moc"
