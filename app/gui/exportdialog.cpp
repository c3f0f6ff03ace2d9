#include "app/gui/exportdialog.h"

#include "app/core/explorestate.h"
#include "app/core/defaults.h"

#include "app/gui/explorepanel.h"
#include "app/export/exportdescription.h"
#include "app/export/exportrunner.h"
#include "app/core/latentdecoder.h"
#include "app/gui/latentplanepanel.h"
#include "widgets/latentgridview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vae {

namespace {
// The limits the Exporter enforces (exporter.cpp), so the spin boxes cannot offer what it refuses.
constexpr int kMaxScale = 16;
// Room for the preview: a 10x10 grid of 28-pixel images at scale 2 fits without scrolling.
constexpr QSize kPreviewSize(640, 560);

// Shortest text that reads back as exactly the same double: a z typed back or left alone decodes
// to the very image the sliders showed.
QString formatZ(const QVector<double>& z) {
  QStringList parts;
  for (double v : z) parts << QString::number(v, 'g', QLocale::FloatingPointShortest);
  return parts.join(QStringLiteral(", "));
}

// Numbers separated by commas; false (with *bad the offending part) when one is not a finite number.
bool parseNumbers(const QString& text, QVector<double>* out, QString* bad) {
  out->clear();
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const double v = part.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
      *bad = part.trimmed();
      return false;
    }
    out->append(v);
  }
  return true;
}

bool parseDims(const QString& text, QVector<int>* out, QString* bad) {
  out->clear();
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    QString index = part.trimmed();
    if (index.startsWith(QLatin1Char('z'), Qt::CaseInsensitive)) index.remove(0, 1);  // "z5" as the sliders name it
    const int d = index.toInt(&ok);
    if (!ok) {
      *bad = part.trimmed();
      return false;
    }
    out->append(d);
  }
  return true;
}

bool hasPicture(ExportKind kind) { return isImageExport(kind); }
bool hasZ(ExportKind kind) {
  return kind == ExportKind::Image || kind == ExportKind::Grid || kind == ExportKind::Traversal;
}
bool hasLabels(ExportKind kind) {
  return kind == ExportKind::Grid || kind == ExportKind::Traversal || kind == ExportKind::Interpolation ||
         kind == ExportKind::TrainingGif;
}
bool hasFps(ExportKind kind) {
  return kind == ExportKind::Traversal || kind == ExportKind::Interpolation || kind == ExportKind::TrainingGif;
}
}  // namespace

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

ExportOptions ExportDialog::suggestedOptions(const ExplorePanel& explore, ExportKind kind) {
  ExportOptions o;
  o.kind = kind;
  o.scale = 4;
  o.fps = 8.0;
  const ExploreState* state = explore.state();
  const int latent = explore.decoder()->latentDim();
  // z: the sliders' code, the one the large image shows (the grid's and traversal's base too).
  if (latent > 0 && state->dimensions() == latent) o.z = state->z();
  // A cvae's pictures of one class are drawn as the class Explore decodes with (class 0 until one is picked); samples
  // keep a class per row.
  const bool oneClass = kind == ExportKind::Image || kind == ExportKind::Grid || kind == ExportKind::Traversal ||
                        kind == ExportKind::Interpolation;
  if (oneClass && explore.decoder()->isConditional()) o.classIndex = explore.decoder()->classIndex();
  switch (kind) {
    case ExportKind::Grid: {
      // The plane's axes when the exporter can name them: two plain dims, or PC1 across and PC2 up
      // ("pca"). Other PCA choices have no export name and fall back to the two dims of highest KL.
      const int x = explore.axisX(), y = explore.axisY();
      if (x >= 0 && y >= 0 && x < latent && y < latent)
        o.axes = QStringLiteral("%1,%2").arg(x).arg(y);
      else if (x == latent && y == latent + 1)
        o.axes = QStringLiteral("pca");
      // The grid's size and zoom; the export is centred on z where the view may have been panned.
      const LatentPlane plane = explore.grid()->plane();
      o.gridSize = plane.n;
      o.span = plane.span;
      break;
    }
    case ExportKind::Traversal:
      // The strip under the image: its dimension, its steps, the sliders' range.
      if (state->selectedDimension() >= 0) o.dims = {state->selectedDimension()};
      o.steps = kTraversalSteps;
      o.span = state->range();
      break;
    case ExportKind::Interpolation:
      // A and B as z when they are set for this model, else two test images as the CLI's default.
      if (latent > 0 && explore.endpointA().size() == latent) o.from = formatZ(explore.endpointA());
      if (latent > 0 && explore.endpointB().size() == latent) o.to = formatZ(explore.endpointB());
      o.steps = explore.interpolationSteps();
      o.spherical = explore.isSpherical();
      break;
    default: break;
  }
  return o;
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
  resize(kPreviewSize.width() + 420, kPreviewSize.height());

  connect(runner_.get(), &ExportRunner::previewReady, this, &ExportDialog::showPreview);
  connect(runner_.get(), &ExportRunner::previewFailed, this, [this](quint64 id, const QString& reason) {
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

QSpinBox* ExportDialog::spinField(const char* name, int min, int max, int value) {
  auto* box = new QSpinBox;
  box->setObjectName(name);
  box->setRange(min, max);
  box->setValue(value);
  connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &ExportDialog::schedulePreview);
  return box;
}

QDoubleSpinBox* ExportDialog::doubleSpinField(const char* name, double min, double max, double value) {
  auto* box = new QDoubleSpinBox;
  box->setObjectName(name);
  box->setRange(min, max);
  box->setDecimals(2);
  box->setSingleStep(0.5);
  box->setValue(value);
  connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &ExportDialog::schedulePreview);
  return box;
}

QLineEdit* ExportDialog::editField(const char* name, const QString& text, const QString& placeholder) {
  auto* line = new QLineEdit(text);
  line->setObjectName(name);
  line->setPlaceholderText(placeholder);
  line->setCursorPosition(0);
  connect(line, &QLineEdit::textChanged, this, &ExportDialog::schedulePreview);
  return line;
}

QCheckBox* ExportDialog::checkField(const char* name, const QString& text, bool on) {
  auto* box = new QCheckBox(text);
  box->setObjectName(name);
  box->setChecked(on);
  connect(box, &QCheckBox::toggled, this, &ExportDialog::schedulePreview);
  return box;
}

void ExportDialog::buildForm(QFormLayout* form, const ExportOptions& o) {
  if (hasZ(kind_)) {
    zEdit_ = editField("z", formatZ(o.z), tr("empty: all zeros (the prior mean)"));
    zEdit_->setToolTip(tr("The latent code, one number per dimension, as the Explore sliders have it"));
    form->addRow(kind_ == ExportKind::Image ? tr("z:") : tr("Base z:"), zEdit_);
  }
  switch (kind_) {
    case ExportKind::Grid: buildGridRows(form, o); break;
    case ExportKind::Samples: buildSamplesRows(form, o); break;
    case ExportKind::Traversal: buildTraversalRows(form, o); break;
    case ExportKind::Interpolation: buildInterpolationRows(form, o); break;
    case ExportKind::Codes: buildCodesRows(form, o); break;
    case ExportKind::Presets: buildPresetsRows(form, o); break;
    default: break;
  }
  buildPictureRows(form, o);
}

void ExportDialog::buildGridRows(QFormLayout* form, const ExportOptions& o) {
  axesEdit_ = editField("axes", o.axes, tr("empty: the two dims of highest KL"));
  axesEdit_->setToolTip(tr("Two dimensions across and up (\"3,5\"), \"pca\" for PC1 and PC2 of the test codes, "
                           "or empty for the two dimensions of highest KL"));
  form->addRow(tr("Axes:"), axesEdit_);
  gridSizeBox_ = spinField("gridSize", LatentGridView::kMinGridSize, LatentGridView::kMaxGridSize, o.gridSize);
  form->addRow(tr("Cells per side:"), gridSizeBox_);
  buildSpanRow(form, o);
}

void ExportDialog::buildSamplesRows(QFormLayout* form, const ExportOptions& o) {
  gridSizeBox_ = spinField("gridSize", 1, LatentGridView::kMaxGridSize, o.gridSize);
  gridSizeBox_->setToolTip(tr("A square of n × n images decoded from z ~ N(0, I)"));
  form->addRow(tr("Samples per side:"), gridSizeBox_);
  seedBox_ = spinField("seed", 0, std::numeric_limits<int>::max(), static_cast<int>(o.seed));
  seedBox_->setToolTip(tr("The same seed gives the same samples (as vae-studio sample --seed)"));
  form->addRow(tr("Seed:"), seedBox_);
}

void ExportDialog::buildTraversalRows(QFormLayout* form, const ExportOptions& o) {
  QStringList dims;
  for (int d : o.dims) dims << QStringLiteral("z%1").arg(d);
  // Which dimensions, named as the sliders name them: "5" alone read as "five dimensions" to a new user.
  dimsEdit_ = editField("dims", dims.join(QStringLiteral(", ")),
                        tr("e.g. z3, z5 · empty: every dimension, largest KL first"));
  dimsEdit_->setToolTip(tr("The latent dimensions to sweep, by index as on the sliders (z0, z1, …), comma-separated"));
  form->addRow(tr("Sweep dimensions:"), dimsEdit_);
  buildSpanRow(form, o);
  buildStepsRow(form, o, kTraversalSteps);
}

void ExportDialog::buildSpanRow(QFormLayout* form, const ExportOptions& o) {
  spanBox_ = doubleSpinField("span", 0.1, 20.0, o.span);
  spanBox_->setToolTip(tr("Half-width in prior σ: values run from −span to +span around z"));
  form->addRow(tr("Span (±σ):"), spanBox_);
}

void ExportDialog::buildStepsRow(QFormLayout* form, const ExportOptions& o, int fallback) {
  stepsBox_ = spinField("steps", 2, kMaxExportSteps, o.steps > 0 ? o.steps : fallback);
  form->addRow(tr("Steps:"), stepsBox_);
}

void ExportDialog::buildInterpolationRows(QFormLayout* form, const ExportOptions& o) {
  fromEdit_ = editField("from", o.from, QStringLiteral("test:0"));
  toEdit_ = editField("to", o.to, QStringLiteral("test:1"));
  const QString tip = tr("A code (numbers), a test image (test:N) or training image (train:N), or "
                         "PRESETS.json:NAME");
  fromEdit_->setToolTip(tip);
  toEdit_->setToolTip(tip);
  form->addRow(tr("From (A):"), fromEdit_);
  form->addRow(tr("To (B):"), toEdit_);
  sphericalBox_ = checkField("spherical", tr("Spherical (slerp)"), o.spherical);
  form->addRow(QString(), sphericalBox_);
  buildStepsRow(form, o, kInterpolationSteps);
}

void ExportDialog::buildCodesRows(QFormLayout* form, const ExportOptions& o) {
  splitBox_ = new QComboBox;
  splitBox_->setObjectName("split");
  // Shown translated; the item data is the split name the Exporter and the CLI take.
  splitBox_->addItem(tr("test"), QStringLiteral("test"));
  splitBox_->addItem(tr("train"), QStringLiteral("train"));
  splitBox_->addItem(tr("all"), QStringLiteral("all"));
  splitBox_->setCurrentIndex(std::max(0, splitBox_->findData(o.split)));
  connect(splitBox_, &QComboBox::currentTextChanged, this, &ExportDialog::schedulePreview);
  form->addRow(tr("Images:"), splitBox_);
}

void ExportDialog::buildPresetsRows(QFormLayout* form, const ExportOptions& o) {
  includeZBox_ = checkField("includeZ", tr("Include the sliders' z as"), !o.z.isEmpty());
  includeZBox_->setEnabled(!o.z.isEmpty());
  presetNameEdit_ = editField("presetName", o.presetName, tr("name"));
  auto* row = new QHBoxLayout;
  row->addWidget(includeZBox_);
  row->addWidget(presetNameEdit_, 1);
  form->addRow(QString(), row);
}

void ExportDialog::buildPictureRows(QFormLayout* form, const ExportOptions& o) {
  if (hasPicture(kind_)) {
    scaleBox_ = spinField("scale", 1, kMaxScale, o.scale);
    scaleBox_->setToolTip(tr("Every model pixel becomes scale × scale pixels (nearest neighbour)"));
    form->addRow(tr("Scale:"), scaleBox_);
  }
  if (hasLabels(kind_)) {
    labelsBox_ = checkField("labels", tr("Labels (axis values, captions)"), o.labels);
    form->addRow(QString(), labelsBox_);
  }
  if (hasFps(kind_)) {
    fpsBox_ = doubleSpinField("fps", 0.5, 50.0, o.fps);
    form->addRow(tr("Frames per second:"), fpsBox_);
  }
}

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

ExportOptions ExportDialog::options() const {
  ExportOptions o = defaults_;
  o.out = outputPath();
  QString bad;
  QVector<double> z;
  if (zEdit_ && parseNumbers(zEdit_->text(), &z, &bad)) o.z = z;
  if (scaleBox_) o.scale = scaleBox_->value();
  if (axesEdit_) o.axes = axesEdit_->text().trimmed().toLower();
  if (gridSizeBox_) o.gridSize = gridSizeBox_->value();
  if (spanBox_) o.span = spanBox_->value();
  if (labelsBox_) o.labels = labelsBox_->isChecked();
  if (seedBox_) o.seed = static_cast<uint64_t>(seedBox_->value());
  QVector<int> dims;
  if (dimsEdit_ && parseDims(dimsEdit_->text(), &dims, &bad)) o.dims = dims;
  if (stepsBox_) o.steps = stepsBox_->value();
  if (fromEdit_) {
    o.from = fromEdit_->text().trimmed();
    o.to = toEdit_->text().trimmed();
    // A code is a long list of numbers (the Explore tab's A and B): captions call it A and B instead.
    QVector<double> code;
    o.fromLabel = parseNumbers(o.from, &code, &bad) && !code.isEmpty() ? QStringLiteral("A") : QString();
    o.toLabel = parseNumbers(o.to, &code, &bad) && !code.isEmpty() ? QStringLiteral("B") : QString();
  }
  if (sphericalBox_) o.spherical = sphericalBox_->isChecked();
  if (fpsBox_) o.fps = fpsBox_->value();
  if (splitBox_) o.split = splitBox_->currentData().toString();
  if (includeZBox_) {
    if (!includeZBox_->isChecked()) o.z.clear();
    o.presetName = presetNameEdit_->text().trimmed();
  }
  return o;
}

QString ExportDialog::inputError() const {
  QString bad;
  QVector<double> z;
  if (zEdit_ && !parseNumbers(zEdit_->text(), &z, &bad)) return tr("z: '%1' is not a number").arg(bad);
  const int latent = static_cast<int>(checkpoint_->modelConfig.latentDim);
  if (zEdit_ && !z.isEmpty() && z.size() != latent)
    return tr("z has %1 values, the model's latent space has %2").arg(z.size()).arg(latent);
  QVector<int> dims;
  if (dimsEdit_ && !parseDims(dimsEdit_->text(), &dims, &bad)) return tr("dimensions: '%1' is not a number").arg(bad);
  if (includeZBox_ && includeZBox_->isChecked() && presetNameEdit_->text().trimmed().isEmpty())
    return tr("the preset needs a name");
  return {};
}

bool ExportDialog::isExporting() const { return runner_->isExporting(); }

void ExportDialog::schedulePreview() { previewTimer_->start(); }

void ExportDialog::renderPreview() {
  previewTimer_->stop();
  const QString error = inputError();
  if (!error.isEmpty()) {
    ++previewId_;  // a render still under way must not replace this message
    showPreviewText(error, true);
    return;
  }
  ExportOptions o = options();
  if (!hasPicture(kind_)) {
    ++previewId_;
    showPreviewText(describeExport(*checkpoint_, data_.get(), o), false);
    return;
  }
  // Previews never depend on the file: the format alone says sheet or frames.
  o.out = QStringLiteral("preview.") + suffix();
  previewId_ = runner_->requestPreview(o);
  previewInfo_->setText(tr("Rendering…"));
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
  Q_EMIT previewUpdated();
}

void ExportDialog::startExport() {
  if (runner_->isExporting()) return;
  statusLabel_->hide();
  QString error = inputError();
  if (error.isEmpty() && outputPath().isEmpty()) error = tr("choose a file to export to");
  if (!error.isEmpty()) {
    showFailure(error);
    return;
  }
  const ExportOptions o = options();
  if (!runner_->startExport(o)) return;
  exportButton_->setEnabled(false);
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
  exportButton_->setEnabled(true);
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
