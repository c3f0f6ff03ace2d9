#include "app/gui/exportdialog.h"

#include "app/core/defaults.h"

#include "app/export/exportdescription.h"
#include "app/export/exportrunner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace vae {

namespace {
// Room for the preview: a 10x10 grid of 28-pixel images at scale 2 fits without scrolling.
constexpr QSize kPreviewSize(640, 560);
// Of the screen a dialog may take at most: a 1000x700 screen keeps the dialog's buttons in view.
constexpr double kMaxScreenFraction = 0.95;
}  // namespace

QSize ExportDialog::fittedSize(const QSize& wanted) const {
  const QScreen* screen = parentWidget() ? parentWidget()->screen() : QGuiApplication::primaryScreen();
  if (!screen) return wanted;
  const QSize room = screen->availableGeometry().size() * kMaxScreenFraction;
  return wanted.boundedTo(room).expandedTo(minimumSizeHint());
}

QString ExportDialog::kindTitle(ExportKind kind) {
  switch (kind) {
    case ExportKind::Image: return tr("Image");
    case ExportKind::Grid: return tr("Latent Grid");
    case ExportKind::Samples: return tr("Prior Samples");
    case ExportKind::Traversal: return tr("Traversal");
    case ExportKind::Interpolation: return tr("Interpolation");
    case ExportKind::TrainingGif: return tr("Training GIF");
    case ExportKind::History: return tr("Loss History (CSV)");
    case ExportKind::Codes: return tr("Latent Codes (CSV)");
    case ExportKind::Plot: return tr("Loss Plot");
    case ExportKind::Weights: return tr("PyTorch Weights");
    case ExportKind::Presets: return tr("Slider Presets");
    case ExportKind::MutualInformation: return tr("Mutual Information (CSV)");
    case ExportKind::ClassGrid: return tr("Class Grid");
  }
  return {};
}

ExportDialog::ExportDialog(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data,
                           const ExportOptions& initial, QWidget* parent)
    : QDialog(parent), checkpoint_(std::move(checkpoint)), data_(std::move(data)), kind_(initial.kind) {
  setWindowTitle(tr("Export %1").arg(kindTitle(kind_)));
  defaults_ = initial;
  // A z of another model (the sliders of a model opened since) would only fail: the prior mean instead.
  if (defaults_.z.size() != checkpoint_->modelConfig.latentDim) defaults_.z.clear();
  // Likewise a class the checkpoint does not have (a VAE, or a cvae of fewer classes): none.
  if (defaults_.classIndex >= checkpoint_->modelConfig.conditionWidth()) defaults_.classIndex = -1;
  runner_ = std::make_unique<ExportRunner>(checkpoint_, data_);
  // Before the form: setting its fields may already ask for a preview.
  previewTimer_ = new QTimer(this);
  previewTimer_->setSingleShot(true);
  previewTimer_->setInterval(kPreviewDelayMs);
  connect(previewTimer_, &QTimer::timeout, this, &ExportDialog::renderPreview);

  auto* form = new QFormLayout;
  buildForm(form, defaults_);
  form->addRow(tr("Save as:"), buildPathRow());

  previewLabel_ = new QLabel;
  previewLabel_->setObjectName("previewImage");
  previewLabel_->setAlignment(Qt::AlignCenter);
  previewLabel_->setWordWrap(true);
  previewArea_ = new QScrollArea;
  previewArea_->setWidget(previewLabel_);
  previewArea_->setWidgetResizable(true);
  previewArea_->setAlignment(Qt::AlignCenter);
  previewArea_->setMinimumSize(kPreviewSize / 2);
  previewArea_->resize(kPreviewSize);
  previewInfo_ = new QLabel;
  previewInfo_->setObjectName("previewInfo");
  previewInfo_->setWordWrap(true);
  auto* previewBox = new QVBoxLayout;
  previewBox->addWidget(new QLabel(tr("Preview")));
  previewBox->addWidget(previewArea_, 1);
  previewBox->addWidget(previewInfo_);

  statusLabel_ = new QLabel;
  statusLabel_->setObjectName("exportStatus");
  statusLabel_->setWordWrap(true);
  statusLabel_->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
  statusLabel_->hide();

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  exportButton_ = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
  exportButton_->setDefault(true);
  // accepted would close the dialog at once; it closes only when the file is written.
  connect(exportButton_, &QPushButton::clicked, this, &ExportDialog::startExport);
  connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

  auto* columns = new QHBoxLayout;
  columns->addLayout(form, 0);
  columns->addLayout(previewBox, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(columns, 1);
  layout->addWidget(statusLabel_);
  layout->addWidget(buttons);
  resize(fittedSize(QSize(kPreviewSize.width() + 420, kPreviewSize.height())));

  connect(runner_.get(), &ExportRunner::previewReady, this, &ExportDialog::showPreview);
  connect(runner_.get(), &ExportRunner::previewFailed, this, [this](quint64 id, const QString& reason) {
    // The preview renders what Export would write: its failure is the export's, so Export waits for a fix.
    if (id == previewId_) showPreviewText(reason, true);
  });
  connect(runner_.get(), &ExportRunner::exportProgress, this, [this](qint64 done, qint64 total) {
    if (!progress_) return;
    progress_->setMaximum(static_cast<int>(std::min<qint64>(total, std::numeric_limits<int>::max())));
    progress_->setValue(static_cast<int>(std::min<qint64>(done, std::numeric_limits<int>::max())));
  });
  connect(runner_.get(), &ExportRunner::exported, this, [this](const QString& summary) {
    finishExport();
    rememberExportDirectory(outputPath());
    Q_EMIT exported(summary);
    accept();
  });
  connect(runner_.get(), &ExportRunner::exportFailed, this, [this](const QString& message) {
    finishExport();
    showFailure(message);
  });
  connect(runner_.get(), &ExportRunner::exportCancelled, this, [this] {
    finishExport();
    statusLabel_->setText(tr("Export cancelled; nothing was written."));
    statusLabel_->show();
    Q_EMIT exportCancelled();
  });
  updateFpsEnabled();
  // From the event loop: whoever opens the dialog can connect to previewUpdated first.
  QTimer::singleShot(0, this, &ExportDialog::renderPreview);
}

// The runner first: its thread may still report to this dialog's slots while it is being joined.
ExportDialog::~ExportDialog() { runner_.reset(); }

QWidget* ExportDialog::buildPathRow() {
  formatBox_ = new QComboBox;
  formatBox_->setObjectName("format");
  for (const QString& suffix : exportSuffixes(kind_)) formatBox_->addItem(suffix.toUpper(), suffix);
  pathEdit_ = new QLineEdit;
  pathEdit_->setObjectName("path");
  const QString suggested = defaults_.out.isEmpty()
                                ? QDir(lastExportDirectory()).filePath(exportKindName(kind_) + QLatin1Char('.') +
                                                                      exportSuffixes(kind_).first())
                                : defaults_.out;
  auto* browseButton = new QPushButton(tr("Browse…"));
  connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
  connect(formatBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExportDialog::onFormatChanged);
  connect(pathEdit_, &QLineEdit::textEdited, this, &ExportDialog::onPathEdited);
  setOutputPath(suggested);
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(formatBox_);
  layout->addWidget(pathEdit_, 1);
  layout->addWidget(browseButton);
  return row;
}

QString ExportDialog::suffix() const { return formatBox_->currentData().toString(); }

void ExportDialog::setOutputPath(const QString& path) {
  pathEdit_->setText(path);
  onPathEdited();
}

QString ExportDialog::outputPath() const { return pathEdit_->text().trimmed(); }

void ExportDialog::onPathEdited() {
  // A typed suffix the kind can write picks the format; the format combo's change does the reverse.
  const int index = formatBox_->findData(QFileInfo(outputPath()).suffix().toLower());
  if (index >= 0 && index != formatBox_->currentIndex()) {
    const QSignalBlocker block(formatBox_);
    formatBox_->setCurrentIndex(index);
    updateFpsEnabled();
    schedulePreview();  // PNG sheet or GIF frames
  }
}

void ExportDialog::onFormatChanged() {
  const QString path = outputPath();
  if (!path.isEmpty()) {
    const QFileInfo info(path);
    const QString base = info.suffix().isEmpty() ? path : path.left(path.size() - info.suffix().size() - 1);
    pathEdit_->setText(base + QLatin1Char('.') + suffix());
  }
  updateFpsEnabled();
  schedulePreview();
}

void ExportDialog::updateFpsEnabled() {
  if (fpsBox_) fpsBox_->setEnabled(suffix() == QLatin1String("gif"));
}

void ExportDialog::browse() {
  const QString filter = tr("%1 file (*.%2)").arg(suffix().toUpper(), suffix());
  const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(kindTitle(kind_)), outputPath(), filter);
  if (path.isEmpty()) return;
  // The suffix follows the format: a name without one (or with one this kind cannot write) gets it.
  const QString typed = QFileInfo(path).suffix().toLower();
  setOutputPath(exportSuffixes(kind_).contains(typed) ? path : path + QLatin1Char('.') + suffix());
}

bool ExportDialog::isExporting() const { return runner_->isExporting(); }

void ExportDialog::schedulePreview() {
  // A failed export's message is about the fields as they were: an edit starts afresh.
  if (statusLabel_ && !isExporting()) statusLabel_->hide();  // (null while the form is being built)
  previewTimer_->start();
}

void ExportDialog::renderPreview() {
  previewTimer_->stop();
  const QString error = inputError();
  if (!error.isEmpty()) {
    ++previewId_;  // a render still under way must not replace this message
    showPreviewText(error, true);
    return;
  }
  ExportOptions o = options();
  if (!isImageExport(kind_)) {
    ++previewId_;
    showPreviewText(describeExport(*checkpoint_, data_.get(), o), false);
    return;
  }
  // Previews never depend on the file: the format alone says sheet or frames.
  o.out = QStringLiteral("preview.") + suffix();
  previewId_ = runner_->requestPreview(o);
  previewInfo_->setText(tr("Rendering…"));
  setPreviewFailed(false);  // the fields pass their checks; a failed render blocks Export again
}

void ExportDialog::showPreview(quint64 id, const QVector<QImage>& frames) {
  if (id != previewId_ || frames.isEmpty()) return;
  previewImage_ = frames.first();
  previewFrames_ = static_cast<int>(frames.size());
  const QSize room = previewArea_->viewport()->size();
  const QSize size = previewImage_.size();
  // Shown whole: a picture larger than the room is reduced (smoothly, so text stays legible).
  QImage shown = previewImage_;
  if (size.width() > room.width() || size.height() > room.height())
    shown = previewImage_.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  previewLabel_->setPixmap(QPixmap::fromImage(shown));
  QString info = tr("%1 × %2 px").arg(size.width()).arg(size.height());
  if (suffix() == QLatin1String("gif")) info += tr(" · %n frames (the first shown)", nullptr, previewFrames_);
  if (shown.size() != size) info += tr(" · shown at %1%").arg(100 * shown.width() / std::max(1, size.width()));
  previewText_ = info;
  previewLabel_->setText(QString());
  previewInfo_->setText(info);
  setPreviewFailed(false);
  Q_EMIT previewUpdated();
}

void ExportDialog::showPreviewText(const QString& text, bool error) {
  previewImage_ = QImage();
  previewFrames_ = 0;
  previewText_ = error ? tr("Cannot export: %1").arg(text) : text;
  previewLabel_->setPixmap(QPixmap());
  // A description fills the preview area; a problem goes under it, where the picture's size would be.
  previewLabel_->setText(error ? QString() : previewText_);
  previewInfo_->setText(error ? previewText_ : QString());
  setPreviewFailed(error);
  Q_EMIT previewUpdated();
}

void ExportDialog::setPreviewFailed(bool failed) {
  previewFailed_ = failed;
  updateExportButton();
}

// Export is offered when it can work: not while one runs, nor while the preview (the same options) says why not.
void ExportDialog::updateExportButton() { exportButton_->setEnabled(!isExporting() && !previewFailed_); }

void ExportDialog::startExport() {
  if (runner_->isExporting()) return;
  statusLabel_->hide();
  QString error = inputError();
  if (error.isEmpty() && outputPath().isEmpty()) error = tr("choose a file to export to");
  if (!error.isEmpty()) {
    // The fields' problem, shown once beside them: no message box, nothing for the window's status bar.
    statusLabel_->setText(tr("Could not export: %1").arg(error));
    statusLabel_->show();
    return;
  }
  const ExportOptions o = options();
  if (!runner_->startExport(o)) return;
  updateExportButton();
  progress_ = new QProgressDialog(tr("Exporting %1…").arg(QFileInfo(o.out).fileName()), tr("Cancel"), 0, 0, this);
  progress_->setWindowTitle(tr("Export"));
  progress_->setWindowModality(Qt::WindowModal);
  progress_->setMinimumDuration(kProgressDelayMs);
  progress_->setAutoClose(false);
  progress_->setAutoReset(false);
  connect(progress_, &QProgressDialog::canceled, this, &ExportDialog::cancelExport);
  progress_->setValue(0);  // Qt 6 starts the show-after-minimumDuration timer here
}

void ExportDialog::cancelExport() {
  runner_->cancelExport();
  if (progress_) progress_->setLabelText(tr("Cancelling…"));
}

void ExportDialog::finishExport() {
  updateExportButton();
  if (progress_) {
    // Closing it would emit canceled: disconnect first.
    progress_->disconnect(this);
    progress_->deleteLater();
    progress_ = nullptr;
  }
}

void ExportDialog::showFailure(const QString& message) {
  statusLabel_->setText(tr("Could not export: %1").arg(message));
  statusLabel_->show();
  if (showErrorDialogs_) {
    // open(), not exec(): window-modal without a nested event loop, as MainWindow::reportError.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export Failed"), tr("The file could not be exported."),
                                QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  Q_EMIT exportFailed(message);
}

void ExportDialog::reject() {
  if (runner_->isExporting()) {
    cancelExport();
    return;
  }
  QDialog::reject();
}

}  // namespace vae
