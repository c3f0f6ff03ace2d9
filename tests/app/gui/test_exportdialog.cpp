#include "app/gui/exportdialog.h"
#include "app/gui/explorepanel.h"
#include "app/core/imageconversion.h"
#include "app/export/imagesheet.h"
#include "app/gui/latentplanepanel.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include "tests/support/smallrun.h"

using vae::ExportDialog;
using vae::ExportKind;
using vae::ExportOptions;

namespace {
constexpr const char* kSpec = "shapes:28:600";
// Rendering and writing happen on the export thread, which shares 2 cores with a CI run.
constexpr int kWaitMs = 30000;

// A 4-dim model trained two epochs on the shapes its checkpoint names (as tests/app/test_exporter.cpp).
vae::CheckpointPtr trainedCheckpoint() {
  return std::make_shared<const vae::Checkpoint>(vae::test::trainedCheckpoint(kSpec, /*epochs=*/2, /*hidden=*/32, 3e-3));
}

QImage decodeWith(const vae::Checkpoint& c, const QVector<double>& z) {
  vae::Vae model = c.makeModel();
  torch::NoGradGuard noGrad;
  const torch::Tensor t = torch::tensor(std::vector<float>(z.begin(), z.end())).unsqueeze(0);
  return vae::tensorToImage(model->decodeImages(t)[0]);
}

bool samePixels(const QImage& a, const QImage& b) {
  return a.convertToFormat(QImage::Format_Grayscale8) == b.convertToFormat(QImage::Format_Grayscale8);
}

ExportOptions imageOptions(const QVector<double>& z) {
  ExportOptions o;
  o.kind = ExportKind::Image;
  o.z = z;
  o.scale = 4;
  return o;
}

QPushButton* exportButton(ExportDialog& dialog) {
  for (QPushButton* button : dialog.findChildren<QPushButton*>())
    if (button->text() == QLatin1String("Export")) return button;
  return nullptr;
}

bool waitForPreview(ExportDialog& dialog) {
  QSignalSpy updated(&dialog, &ExportDialog::previewUpdated);
  return updated.wait(kWaitMs);
}
}  // namespace

class TestExportDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // the remembered export folder goes to a test location
    checkpoint_ = trainedCheckpoint();
    cvae_ = std::make_shared<const vae::Checkpoint>(vae::test::trainedCvaeCheckpoint(kSpec, /*epochs=*/2));
    cvaeData_ = std::make_shared<const vae::DatasetSplit>(vae::loadDatasetSpec(kSpec));
    QVERIFY(dir_.isValid());
  }

  // What the Explore tab shows becomes the dialog's options: z, the grid's axes and size, A and B.
  void prefillsFromTheExplorer() {
    vae::ExplorePanel panel;
    panel.setCheckpoint(*checkpoint_);
    const QVector<double> z{0.5, -1.25, 0.3, 2.0};
    panel.sliders()->setZ(z);
    panel.setAxes(1, 3);
    panel.latentPlane()->grid()->setGridSize(7);

    const ExportOptions image = ExportDialog::suggestedOptions(panel, ExportKind::Image);
    QCOMPARE(image.z, z);
    QCOMPARE(image.scale, 4);
    ExportDialog dialog(checkpoint_, nullptr, image);
    QCOMPARE(dialog.options().z, z);  // shown as text and read back exactly
    QVERIFY(dialog.findChild<QLineEdit*>("z")->text().startsWith("0.5, -1.25"));

    const ExportOptions grid = ExportDialog::suggestedOptions(panel, ExportKind::Grid);
    QCOMPARE(grid.axes, QString("1,3"));
    QCOMPARE(grid.gridSize, 7);
    QCOMPARE(grid.z, z);

    ExportOptions interpolation = ExportDialog::suggestedOptions(panel, ExportKind::Interpolation);
    QCOMPARE(interpolation.from, QString("test:0"));  // no A or B yet
    QCOMPARE(interpolation.to, QString("test:1"));
    panel.setEndpointA({1.0, 0.0, 0.0, 0.0});
    interpolation = ExportDialog::suggestedOptions(panel, ExportKind::Interpolation);
    QCOMPARE(interpolation.from, QString("1, 0, 0, 0"));
    QCOMPARE(interpolation.to, QString("test:1"));
    ExportDialog interpolationDialog(checkpoint_, nullptr, interpolation);
    QCOMPARE(interpolationDialog.options().fromLabel, QString("A"));  // captions say A, not four numbers
  }

  // The preview of Image is the decoded z, each pixel a 4x4 block.
  void imagePreviewIsTheDecodedImageUpscaled() {
    const QVector<double> z{0.5, -1.0, 0.25, 2.0};
    ExportDialog dialog(checkpoint_, nullptr, imageOptions(z));
    QVERIFY(waitForPreview(dialog));
    QCOMPARE(dialog.previewImage().size(), QSize(112, 112));
    QVERIFY(samePixels(dialog.previewImage(), vae::upscaled(decodeWith(*checkpoint_, z), 4)));
    QCOMPARE(dialog.previewText(), QString("112 × 112 px"));
  }

  void changingTheScaleChangesThePreview() {
    ExportDialog dialog(checkpoint_, nullptr, imageOptions({0.0, 0.0, 0.0, 0.0}));
    QVERIFY(waitForPreview(dialog));
    QCOMPARE(dialog.previewImage().size(), QSize(112, 112));
    dialog.findChild<QSpinBox*>("scale")->setValue(2);
    QVERIFY(waitForPreview(dialog));
    QCOMPARE(dialog.previewImage().size(), QSize(56, 56));
  }

  // A GIF preview holds every frame the file will: 9 steps ping-pong are 16 frames.
  void traversalGifPreviewHasEveryFrame() {
    ExportOptions o;
    o.kind = ExportKind::Traversal;
    o.dims = {0};
    o.steps = 9;
    ExportDialog dialog(checkpoint_, nullptr, o);
    QVERIFY(waitForPreview(dialog));
    QCOMPARE(dialog.previewFrameCount(), 1);  // PNG first: one sheet
    auto* format = dialog.findChild<QComboBox*>("format");
    format->setCurrentIndex(format->findData("gif"));
    QVERIFY(dialog.outputPath().endsWith(".gif"));  // the file's suffix follows the format
    QVERIFY(waitForPreview(dialog));
    QCOMPARE(dialog.previewFrameCount(), 16);
  }

  // Which dimensions a traversal sweeps is named as the sliders name them: "z5", not a bare "5" that reads
  // as "five dimensions"; both forms are accepted.
  void traversalDimensionsAreNamedLikeTheSliders() {
    ExportOptions o;
    o.kind = ExportKind::Traversal;
    o.dims = {2};
    ExportDialog dialog(checkpoint_, nullptr, o);
    auto* dims = dialog.findChild<QLineEdit*>("dims");
    QVERIFY(dims);
    QCOMPARE(dims->text(), QString("z2"));
    dims->setText("z3, 1");
    QCOMPARE(dialog.options().dims, (QVector<int>{3, 1}));
  }

  // Kinds without pictures describe what they will write.
  void historyPreviewCountsTheRows() {
    ExportOptions o;
    o.kind = ExportKind::History;
    ExportDialog dialog(checkpoint_, nullptr, o);
    QVERIFY(waitForPreview(dialog));
    QVERIFY(dialog.previewImage().isNull());
    QVERIFY2(dialog.previewText().contains(QLocale().toString(static_cast<qint64>(checkpoint_->history.steps.size())) +
                                           " rows"),
             qPrintable(dialog.previewText()));
  }

  // Export returns at once; the file is written on the export thread and holds the previewed pixels.
  void exportWritesTheFileInTheBackground() {
    const QVector<double> z{-0.5, 1.0, 0.0, -2.0};
    ExportDialog dialog(checkpoint_, nullptr, imageOptions(z));
    dialog.setShowErrorDialogs(false);
    const QString path = dir_.filePath("exported.png");
    dialog.setOutputPath(path);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    dialog.startExport();
    QVERIFY(dialog.isExporting());
    QCOMPARE(exported.count(), 0);  // not done in the call: the result comes back as a queued signal
    QVERIFY(exported.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    QVERIFY(!dialog.isExporting());
    QVERIFY(exported.at(0).at(0).toString().startsWith("wrote " + path));
    const QImage written(path);
    QCOMPARE(written.size(), QSize(112, 112));
    QVERIFY(samePixels(written, vae::upscaled(decodeWith(*checkpoint_, z), 4)));
  }

  void unwritablePathReportsAnErrorAndWritesNothing() {
    ExportDialog dialog(checkpoint_, nullptr, imageOptions({}));
    dialog.setShowErrorDialogs(false);
    const QString path = dir_.filePath("no-such-folder/image.png");
    dialog.setOutputPath(path);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    dialog.startExport();
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY2(failed.at(0).at(0).toString().startsWith(path + ": "), qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(exported.count(), 0);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QDir(dir_.filePath("no-such-folder")).exists());
    QVERIFY(!dialog.isExporting());  // usable again: the user can fix the path
  }

  // Cancel stops a codes export (20 000 rows, checked every 1000) with nothing written, no temp file left.
  void cancellingACodesExportWritesNothing() {
    vae::ShapesOptions shapes;
    shapes.count = 24000;
    auto data = std::make_shared<const vae::DatasetSplit>(vae::makeShapes(shapes));
    QTemporaryDir out;
    ExportOptions o;
    o.kind = ExportKind::Codes;
    o.split = "all";
    ExportDialog dialog(checkpoint_, data, o);
    dialog.setShowErrorDialogs(false);
    const QString path = out.filePath("codes.csv");
    dialog.setOutputPath(path);
    QSignalSpy cancelled(&dialog, &ExportDialog::exportCancelled);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    dialog.startExport();
    QVERIFY(dialog.isExporting());
    dialog.cancelExport();
    QVERIFY(cancelled.wait(kWaitMs));
    QCOMPARE(exported.count(), 0);
    QVERIFY(!QFile::exists(path));
    QVERIFY(QDir(out.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
    QVERIFY(!dialog.isExporting());
  }

  // A cvae's picture of one class has a class box, named by the dataset's classes and set to Explore's class; the
  // preview is that class's decode. A plain VAE has no class box.
  void cvaePicturesChooseTheirClass() {
    ExportOptions o = imageOptions({0.5, -1.0, 0.25, 2.0});
    o.classIndex = 2;
    ExportDialog dialog(cvae_, cvaeData_, o);
    auto* classBox = dialog.findChild<QComboBox*>("class");
    QVERIFY(classBox);
    QCOMPARE(classBox->count(), 3);
    QCOMPARE(classBox->currentData().toInt(), 2);
    QCOMPARE(classBox->itemText(2), QString("2 · ") + QString::fromStdString(cvaeData_->train.classNames[2]));
    QCOMPARE(dialog.options().classIndex, 2);
    QVERIFY(waitForPreview(dialog));
    const QImage asTwo = dialog.previewImage();
    classBox->setCurrentIndex(1);
    QCOMPARE(dialog.options().classIndex, 1);
    QVERIFY(waitForPreview(dialog));
    QVERIFY(!samePixels(dialog.previewImage(), asTwo));  // the same z, another class: another picture

    ExportDialog vaeDialog(checkpoint_, nullptr, imageOptions({}));
    QVERIFY(!vaeDialog.findChild<QComboBox*>("class"));
    QCOMPARE(vaeDialog.options().classIndex, -1);
  }

  // Samples may keep the CLI's default, a class per row, or draw every sample as one class; without the data the
  // classes are numbered.
  void cvaeSamplesKeepAClassPerRowUnlessOneIsChosen() {
    ExportOptions o;
    o.kind = ExportKind::Samples;
    ExportDialog dialog(cvae_, nullptr, o);
    auto* classBox = dialog.findChild<QComboBox*>("class");
    QVERIFY(classBox);
    QCOMPARE(classBox->count(), 4);
    QCOMPARE(classBox->currentData().toInt(), -1);
    QCOMPARE(classBox->itemText(1), QString("class 0"));
    QCOMPARE(dialog.options().classIndex, -1);
    classBox->setCurrentIndex(3);
    QCOMPARE(dialog.options().classIndex, 2);
  }

  // The class grid's columns sweep one dimension around z (span) or are random z (seed); the fields of the other
  // choice are greyed out and left out of the options, which the exporter would refuse together.
  void classGridColumnsAreATraversalOrRandomZ() {
    ExportOptions o;
    o.kind = ExportKind::ClassGrid;
    o.dims = {1};
    o.steps = 5;
    o.labels = false;
    o.scale = 1;
    ExportDialog dialog(cvae_, cvaeData_, o);
    QVERIFY(!dialog.findChild<QComboBox*>("class"));  // every class is a row
    auto* columns = dialog.findChild<QComboBox*>("columns");
    auto* dims = dialog.findChild<QLineEdit*>("dims");
    auto* seed = dialog.findChild<QSpinBox*>("seed");
    QVERIFY(columns && dims && seed && dialog.findChild<QLineEdit*>("z"));
    QCOMPARE(dims->text(), QString("z1"));
    QVERIFY(dims->isEnabled());
    QVERIFY(!seed->isEnabled());
    QVERIFY(waitForPreview(dialog));
    // 3 classes x 5 columns of 28-pixel cells (composeSheet: 6-pixel margins, 2-pixel gaps).
    QCOMPARE(dialog.previewImage().size(), QSize(2 * 6 + 5 * 28 + 4 * 2, 2 * 6 + 3 * 28 + 2 * 2));
    const QImage swept = dialog.previewImage();

    QVERIFY(exportButton(dialog)->isEnabled());
    dims->setText("z0, z2");
    QVERIFY(dialog.inputError().contains("one dimension"));
    QVERIFY(waitForPreview(dialog));
    QVERIFY(dialog.previewText().contains("one dimension"));
    QVERIFY(!exportButton(dialog)->isEnabled());  // the problem is shown once, in the preview; Export waits for a fix
    // A problem only the exporter finds (the model has z0..z3) blocks Export the same way, once its preview fails.
    dims->setText("z9");
    QVERIFY(dialog.inputError().isEmpty());
    QVERIFY(waitForPreview(dialog));
    QVERIFY2(dialog.previewText().contains("unknown dimension 9"), qPrintable(dialog.previewText()));
    QVERIFY(!exportButton(dialog)->isEnabled());
    dims->setText("z0, z2");
    columns->setCurrentIndex(1);
    QVERIFY(dialog.inputError().isEmpty());  // the greyed-out field no longer counts
    QVERIFY(!dims->isEnabled());
    QVERIFY(seed->isEnabled());
    seed->setValue(7);
    const ExportOptions random = dialog.options();
    QVERIFY(random.random);
    QVERIFY(random.dims.isEmpty());
    QCOMPARE(random.seed, uint64_t{7});
    QVERIFY(waitForPreview(dialog));
    QCOMPARE(dialog.previewImage().size(), swept.size());
    QVERIFY(!samePixels(dialog.previewImage(), swept));
    QVERIFY(exportButton(dialog)->isEnabled());
  }

  // A failed export's red line is about the fields as they were: the next edit clears it. The dialog opens no
  // larger than the screen (it was 1060 px wide on a 1000 px screen).
  void anEditClearsTheFailureAndTheDialogFitsTheScreen() {
    ExportDialog dialog(checkpoint_, nullptr, imageOptions({}));
    dialog.setShowErrorDialogs(false);
    dialog.setOutputPath(dir_.filePath("no-such-folder/image.png"));
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    dialog.show();
    dialog.startExport();
    QVERIFY(failed.wait(kWaitMs));
    auto* status = dialog.findChild<QLabel*>("exportStatus");
    QVERIFY(status->isVisible());
    dialog.findChild<QSpinBox*>("scale")->setValue(3);
    QVERIFY(!status->isVisible());

    const QSize room = dialog.screen()->availableGeometry().size();
    QVERIFY2(dialog.width() <= room.width() || dialog.width() <= dialog.minimumSizeHint().width(),
             qPrintable(QString("%1 px wide on a %2 px screen").arg(dialog.width()).arg(room.width())));
    QVERIFY(dialog.height() <= room.height() || dialog.height() <= dialog.minimumSizeHint().height());
    QVERIFY(dialog.width() < 1060);  // the offscreen screen is 800 px wide: the old fixed size would not fit
  }

 private:
  vae::CheckpointPtr checkpoint_;
  vae::CheckpointPtr cvae_;
  std::shared_ptr<const vae::DatasetSplit> cvaeData_;
  QTemporaryDir dir_;
};

QTEST_MAIN(TestExportDialog)
#include "test_exportdialog.moc"
