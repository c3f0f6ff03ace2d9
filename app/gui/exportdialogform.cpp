// ExportDialog's form: the options a kind has as fields, pre-filled from the Explore tab, and read back into
// ExportOptions. Kept apart from exportdialog.cpp, which runs the preview and the export.
#include "app/gui/exportdialog.h"

#include "app/core/defaults.h"
#include "app/core/explorestate.h"
#include "app/core/latentdecoder.h"
#include "app/gui/explorepanel.h"
#include "app/gui/latentplanepanel.h"
#include "widgets/latentgridview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vae {

namespace {
// The limits the Exporter enforces (exporter.cpp), so the spin boxes cannot offer what it refuses.
constexpr int kMaxScale = 16;

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

bool hasZ(ExportKind kind) {
  return kind == ExportKind::Image || kind == ExportKind::Grid || kind == ExportKind::Traversal ||
         kind == ExportKind::ClassGrid;
}
bool hasLabels(ExportKind kind) {
  return kind == ExportKind::Grid || kind == ExportKind::Traversal || kind == ExportKind::Interpolation ||
         kind == ExportKind::TrainingGif || kind == ExportKind::ClassGrid;
}
// The kinds a cvae draws in one chosen class (the Exporter's --class); the class grid draws every class.
bool decodesOneClass(ExportKind kind) {
  return kind == ExportKind::Image || kind == ExportKind::Grid || kind == ExportKind::Samples ||
         kind == ExportKind::Traversal || kind == ExportKind::Interpolation;
}
bool hasFps(ExportKind kind) {
  return kind == ExportKind::Traversal || kind == ExportKind::Interpolation || kind == ExportKind::TrainingGif;
}
}  // namespace

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
    case ExportKind::ClassGrid:
      // The strip under the image: its dimension, its steps, the sliders' range (the class grid's columns too).
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
  if (decodesOneClass(kind_) && checkpoint_->modelConfig.isConditional()) buildClassRow(form, o);
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
    case ExportKind::ClassGrid: buildClassGridRows(form, o); break;
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

QStringList ExportDialog::classNames() const {
  const int classes = static_cast<int>(checkpoint_->modelConfig.conditionWidth());
  const std::vector<std::string> names = data_ ? data_->train.classNames : std::vector<std::string>();
  QStringList out;
  for (int c = 0; c < classes; ++c)
    out << (c < static_cast<int>(names.size()) ? QStringLiteral("%1 · %2").arg(c).arg(QString::fromStdString(names[c]))
                                               : tr("class %1").arg(c));
  return out;
}

void ExportDialog::buildClassRow(QFormLayout* form, const ExportOptions& o) {
  classBox_ = new QComboBox;
  classBox_->setObjectName("class");
  // Samples without a class keep the CLI's default: row r is class r mod classes (all of them when there are as
  // many rows as classes).
  if (kind_ == ExportKind::Samples) classBox_->addItem(tr("Classes in turn, row by row"), -1);
  const QStringList names = classNames();
  for (int c = 0; c < names.size(); ++c) classBox_->addItem(names[c], c);
  const int wanted = kind_ == ExportKind::Samples ? o.classIndex : std::max(0, o.classIndex);
  classBox_->setCurrentIndex(std::max(0, classBox_->findData(wanted)));
  classBox_->setToolTip(tr("The class the conditional VAE decodes with (vae-studio export --class N)"));
  connect(classBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExportDialog::schedulePreview);
  form->addRow(tr("Class:"), classBox_);
}

void ExportDialog::buildClassGridRows(QFormLayout* form, const ExportOptions& o) {
  columnsBox_ = new QComboBox;
  columnsBox_->setObjectName("columns");
  columnsBox_->addItem(tr("A step along one dimension of z"), false);
  columnsBox_->addItem(tr("A random z ~ N(0, I)"), true);
  columnsBox_->setCurrentIndex(o.random ? 1 : 0);
  columnsBox_->setToolTip(tr("Each column is one z decoded as every class: the style held, the class changed"));
  form->addRow(tr("Each column:"), columnsBox_);
  dimsEdit_ = editField("dims", o.dims.isEmpty() ? QString() : QStringLiteral("z%1").arg(o.dims.first()),
                        tr("e.g. z3 · empty: the dimension of highest KL"));
  dimsEdit_->setToolTip(tr("The latent dimension the columns sweep, by index as on the sliders (z0, z1, …)"));
  form->addRow(tr("Sweep dimension:"), dimsEdit_);
  buildSpanRow(form, o);
  seedBox_ = spinField("seed", 0, std::numeric_limits<int>::max(), static_cast<int>(o.seed));
  seedBox_->setToolTip(tr("The same seed gives the same columns (as vae-studio export --random --seed)"));
  form->addRow(tr("Seed:"), seedBox_);
  buildStepsRow(form, o, kTraversalSteps, tr("Columns:"));
  stepsBox_->setToolTip(tr("How many columns: the steps of the sweep, or the random z"));
  connect(columnsBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    updateClassGridFields();
    schedulePreview();
  });
  updateClassGridFields();
}

bool ExportDialog::randomColumns() const { return columnsBox_ && columnsBox_->currentData().toBool(); }

void ExportDialog::updateClassGridFields() {
  const bool random = randomColumns();
  zEdit_->setEnabled(!random);
  dimsEdit_->setEnabled(!random);
  spanBox_->setEnabled(!random);
  seedBox_->setEnabled(random);
}

void ExportDialog::buildSpanRow(QFormLayout* form, const ExportOptions& o) {
  spanBox_ = doubleSpinField("span", 0.1, 20.0, o.span);
  spanBox_->setToolTip(tr("Half-width in prior σ: values run from −span to +span around z"));
  form->addRow(tr("Span (±σ):"), spanBox_);
}

void ExportDialog::buildStepsRow(QFormLayout* form, const ExportOptions& o, int fallback, const QString& label) {
  stepsBox_ = spinField("steps", 2, kMaxExportSteps, o.steps > 0 ? o.steps : fallback);
  form->addRow(label.isEmpty() ? tr("Steps:") : label, stepsBox_);
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
  if (isImageExport(kind_)) {
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
  if (dimsEdit_ && !randomColumns() && parseDims(dimsEdit_->text(), &dims, &bad)) o.dims = dims;
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
  if (classBox_) o.classIndex = classBox_->currentData().toInt();
  if (columnsBox_) {
    o.random = randomColumns();
    if (o.random) o.dims.clear();  // the exporter refuses --random with --dim; the field is greyed out
  }
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
  // A greyed-out field (the class grid's random columns) does not count.
  const bool dimsUsed = dimsEdit_ && !randomColumns();
  if (dimsUsed && !parseDims(dimsEdit_->text(), &dims, &bad))
    return (columnsBox_ ? tr("dimension: '%1' is not a number") : tr("dimensions: '%1' is not a number")).arg(bad);
  if (dimsUsed && columnsBox_ && dims.size() > 1)
    return tr("the class grid sweeps one dimension, not %1").arg(dims.size());
  if (includeZBox_ && includeZBox_->isChecked() && presetNameEdit_->text().trimmed().isEmpty())
    return tr("the preset needs a name");
  return {};
}

}  // namespace vae
