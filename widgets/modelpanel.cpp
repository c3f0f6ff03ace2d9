#include "widgets/modelpanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace vae {

namespace {
// Learning rates worth typing: Adam is rarely useful outside this range.
constexpr double kMinLearningRate = 1e-6;
constexpr double kMaxLearningRate = 1.0;
// Arrow keys / wheel multiply or divide the learning rate by this: a linear step of 1e-4 would be
// useless at 1e-5 and tiny at 1e-2.
constexpr double kLearningRateStepFactor = 2.0;
constexpr double kMaxBeta = 100.0;
// Latent dims the model supports (VaeConfig::validate).
constexpr int kMinLatent = 2, kMaxLatent = 256;
constexpr int kMaxHidden = 4096;
constexpr int kMaxBatch = 4096;
constexpr int kMaxEpochs = 10000;
constexpr int kMaxScheduleSteps = 10'000'000;

// A spin box for small positive numbers shown as "0.001" / "1e-05", stepping geometrically.
class LogSpinBox : public QDoubleSpinBox {
 public:
  using QDoubleSpinBox::QDoubleSpinBox;

  QString textFromValue(double value) const override { return QString::number(value, 'g', 4); }
  double valueFromText(const QString& text) const override { return text.trimmed().toDouble(); }
  QValidator::State validate(QString& text, int&) const override {
    const QString t = text.trimmed();
    if (t.isEmpty()) return QValidator::Intermediate;
    for (QChar c : t)
      if (!c.isDigit() && !QStringLiteral(".eE-+").contains(c)) return QValidator::Invalid;
    bool ok = false;
    const double v = t.toDouble(&ok);
    return ok && v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
  }
  void stepBy(int steps) override {
    setValue(value() * std::pow(kLearningRateStepFactor, steps));
    selectAll();
  }
};

void setComboData(QComboBox* combo, const QString& data) {
  const int index = combo->findData(data);
  if (index >= 0) combo->setCurrentIndex(index);
}
}  // namespace

const QString ModelPanel::kCustomPreset = QStringLiteral("Custom");
const QString ModelPanel::kAutoencoderPreset = QStringLiteral("Plain autoencoder (no KL)");

bool ModelSettings::sameFields(const ModelSettings& o) const {
  return kind == o.kind && architecture == o.architecture && latentDim == o.latentDim && hidden == o.hidden &&
         likelihood == o.likelihood && beta == o.beta && klSchedule == o.klSchedule &&
         klWarmupSteps == o.klWarmupSteps && klCycleSteps == o.klCycleSteps && learningRate == o.learningRate &&
         lrSchedule == o.lrSchedule && batchSize == o.batchSize && epochs == o.epochs && seed == o.seed &&
         precision == o.precision;
}

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
  buildUi();
  setSettings(presetSettings(presetNames().first()));
}

// ~QWidget closes a top-level panel, and the focus leaving a spin box then emits editingFinished after
// ~ModelPanel has run: commitBeta would be called on a half-destroyed panel (UBSan reports the downcast).
ModelPanel::~ModelPanel() {
  beta_->disconnect(this);
  learningRate_->disconnect(this);
}

QStringList ModelPanel::presetNames() {
  return {QStringLiteral("Classic MLP"), QStringLiteral("Conv"), kAutoencoderPreset};
}

QString ModelPanel::presetDisplayName(const QString& name) {
  if (name == QLatin1String("Classic MLP")) return tr("Classic MLP");
  if (name == QLatin1String("Conv")) return tr("Conv");
  if (name == kAutoencoderPreset) return tr("Autoencoder (no KL)");
  if (name == kCustomPreset) return tr("Custom");
  return name;
}

ModelSettings ModelPanel::presetSettings(const QString& name) {
  ModelSettings s;  // the defaults are the classic 784-400-20 MLP of Kingma & Welling
  if (name == QLatin1String("Conv")) {
    s.preset = name;
    s.architecture = QStringLiteral("conv");
    s.latentDim = 16;
    s.hidden = 256;
  } else if (name == kAutoencoderPreset) {
    // Issue 18: the Classic MLP without the KL term, to compare what the latent space looks like without it.
    s.preset = name;
    s.kind = QStringLiteral("autoencoder");
  }
  return s;
}

void ModelPanel::buildUi() {
  createModelFields();
  createTrainingFields();
  layoutFields();
  connectFields();
}

void ModelPanel::createModelFields() {
  preset_ = new QComboBox;
  preset_->setObjectName("preset");
  for (const QString& name : presetNames()) preset_->addItem(presetDisplayName(name), name);
  preset_->addItem(presetDisplayName(kCustomPreset), kCustomPreset);
  preset_->setToolTip(tr("A tested starting point; editing any field below makes it Custom"));

  kind_ = new QComboBox;
  kind_->setObjectName("kind");
  kind_->addItem(tr("VAE"), QStringLiteral("vae"));
  kind_->addItem(tr("Plain autoencoder"), QStringLiteral("autoencoder"));
  kind_->addItem(tr("Conditional VAE"), QStringLiteral("cvae"));
  kind_->setToolTip(tr("A VAE encodes each image to a distribution and a KL term keeps the codes near N(0, I);\n"
                       "a plain autoencoder encodes it to one code and is trained on reconstruction alone;\n"
                       "a conditional VAE also gives encoder and decoder the image's class (labelled datasets only)"));

  architecture_ = new QComboBox;
  architecture_->setObjectName("architecture");
  architecture_->addItem(tr("MLP (fully connected)"), QStringLiteral("mlp"));
  architecture_->addItem(tr("Conv (convolutional)"), QStringLiteral("conv"));
  architecture_->setToolTip(tr("Conv needs image sides divisible by 4"));

  latentDim_ = new QSpinBox;
  latentDim_->setObjectName("latentDim");
  latentDim_->setRange(kMinLatent, kMaxLatent);
  latentDim_->setToolTip(tr("Size of the code z each image is compressed to"));

  hidden_ = new QSpinBox;
  hidden_->setObjectName("hidden");
  hidden_->setRange(8, kMaxHidden);
  hidden_->setToolTip(tr("Width of the hidden layer between image and code"));

  likelihood_ = new QComboBox;
  likelihood_->setObjectName("likelihood");
  likelihood_->addItem(tr("Bernoulli (BCE)"), QStringLiteral("bernoulli"));
  likelihood_->addItem(tr("Gaussian (MSE)"), QStringLiteral("gaussian"));
  likelihood_->setToolTip(tr("How the reconstruction error is measured: binary cross-entropy suits\n"
                              "mostly black-and-white images, squared error photos"));
}

void ModelPanel::createTrainingFields() {
  beta_ = new QDoubleSpinBox;
  beta_->setObjectName("beta");
  beta_->setRange(0.0, kMaxBeta);
  beta_->setDecimals(3);
  beta_->setSingleStep(0.1);
  beta_->setKeyboardTracking(false);

  klSchedule_ = new QComboBox;
  klSchedule_->setObjectName("klSchedule");
  klSchedule_->addItem(tr("Constant"), QStringLiteral("constant"));
  klSchedule_->addItem(tr("Warm-up (0 → β)"), QStringLiteral("warmup"));
  klSchedule_->addItem(tr("Cyclical"), QStringLiteral("cyclical"));

  klWarmupSteps_ = new QSpinBox;
  klWarmupSteps_->setObjectName("klWarmupSteps");
  klWarmupSteps_->setRange(0, kMaxScheduleSteps);
  klWarmupSteps_->setSuffix(tr(" steps"));
  klWarmupSteps_->setToolTip(tr("Steps over which β ramps linearly from 0"));

  klCycleSteps_ = new QSpinBox;
  klCycleSteps_->setObjectName("klCycleSteps");
  klCycleSteps_->setRange(1, kMaxScheduleSteps);
  klCycleSteps_->setSuffix(tr(" steps"));
  klCycleSteps_->setToolTip(tr("Length of one annealing cycle"));

  learningRate_ = new LogSpinBox;
  learningRate_->setObjectName("learningRate");
  learningRate_->setDecimals(10);  // the text is formatted by LogSpinBox; this only keeps precision
  learningRate_->setRange(kMinLearningRate, kMaxLearningRate);
  learningRate_->setKeyboardTracking(false);
  learningRate_->setToolTip(tr("Adam step size (e.g. 0.001 or 1e-4). Can be changed while training (press Enter)."));

  lrSchedule_ = new QComboBox;
  lrSchedule_->setObjectName("lrSchedule");
  lrSchedule_->addItem(tr("Constant"), QStringLiteral("constant"));
  lrSchedule_->addItem(tr("Step decay"), QStringLiteral("step"));
  lrSchedule_->addItem(tr("Cosine decay"), QStringLiteral("cosine"));

  batchSize_ = new QSpinBox;
  batchSize_->setObjectName("batchSize");
  batchSize_->setRange(1, kMaxBatch);
  batchSize_->setToolTip(tr("Images per optimisation step"));

  epochs_ = new QSpinBox;
  epochs_->setObjectName("epochs");
  epochs_->setRange(1, kMaxEpochs);
  epochs_->setToolTip(tr("Passes over the training set"));

  seed_ = new QSpinBox;
  seed_->setObjectName("seed");
  seed_->setRange(0, INT_MAX);
  seed_->setToolTip(tr("Same seed and settings give the same run"));

  precision_ = new QComboBox;
  precision_->setObjectName("precision");
  precision_->addItem(tr("fp32"), QStringLiteral("fp32"));
  precision_->addItem(tr("bf16 (mixed)"), QStringLiteral("bf16"));
  precision_->addItem(tr("Auto"), QStringLiteral("auto"));
  precision_->setToolTip(tr("Number format of the matrix products. bf16 keeps fp32 weights, optimizer and loss,\n"
                            "and is faster on CPUs with AMX or AVX512-BF16. Auto times both when training\n"
                            "starts and takes bf16 only where it is at least 1.3x faster."));

}

void ModelPanel::layoutFields() {
  // A narrow side panel: combos size to a few characters and elide, instead of to their longest item.
  for (QComboBox* combo : {preset_, kind_, architecture_, likelihood_, klSchedule_, lrSchedule_, precision_}) {
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(8);
  }

  auto* modelBox = new QGroupBox(tr("Model"));
  auto* modelForm = new QFormLayout(modelBox);
  modelForm->addRow(tr("Preset:"), preset_);
  modelForm->addRow(tr("Kind:"), kind_);
  modelForm->addRow(tr("Architecture:"), architecture_);
  modelForm->addRow(tr("Latent dims:"), latentDim_);
  modelForm->addRow(tr("Hidden units:"), hidden_);
  modelForm->addRow(tr("Likelihood:"), likelihood_);

  auto* trainBox = new QGroupBox(tr("Training"));
  auto* trainForm = trainForm_ = new QFormLayout(trainBox);
  trainForm->addRow(tr("KL weight β:"), beta_);
  trainForm->addRow(tr("β schedule:"), klSchedule_);
  trainForm->addRow(tr("Warm-up:"), klWarmupSteps_);
  trainForm->addRow(tr("Cycle:"), klCycleSteps_);
  trainForm->addRow(tr("Learning rate:"), learningRate_);
  trainForm->addRow(tr("LR schedule:"), lrSchedule_);
  trainForm->addRow(tr("Batch size:"), batchSize_);
  trainForm->addRow(tr("Epochs:"), epochs_);
  trainForm->addRow(tr("Seed:"), seed_);
  trainForm->addRow(tr("Precision:"), precision_);

  lockNote_ = new QLabel(tr("Training: only β and the learning rate can change now."));
  lockNote_->setWordWrap(true);
  lockNote_->setVisible(false);
  QFont small = lockNote_->font();
  small.setItalic(true);
  lockNote_->setFont(small);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(modelBox);
  layout->addWidget(trainBox);
  layout->addWidget(lockNote_);
}

void ModelPanel::connectFields() {
  connect(preset_, &QComboBox::activated, this,
          [this](int index) { applyPreset(preset_->itemData(index).toString()); });
  auto edited = [this] {
    if (updating_) return;
    updateEnabled();
    updatePresetFromFields();
    Q_EMIT settingsEdited();
  };
  for (QComboBox* combo : {kind_, architecture_, likelihood_, klSchedule_, lrSchedule_, precision_})
    connect(combo, &QComboBox::currentIndexChanged, this, edited);
  for (QSpinBox* spin : {latentDim_, hidden_, klWarmupSteps_, klCycleSteps_, batchSize_, epochs_, seed_})
    connect(spin, &QSpinBox::valueChanged, this, edited);
  for (QDoubleSpinBox* spin : {beta_, learningRate_}) connect(spin, &QDoubleSpinBox::valueChanged, this, edited);
  // With keyboard tracking off, valueChanged already waits for Enter / focus out, but arrow keys and the
  // wheel emit it at once; editingFinished is the one "the user is done" moment for both.
  connect(beta_, &QDoubleSpinBox::editingFinished, this, &ModelPanel::commitBeta);
  connect(learningRate_, &QDoubleSpinBox::editingFinished, this, &ModelPanel::commitLearningRate);
}

ModelSettings ModelPanel::settings() const {
  ModelSettings s;
  s.preset = preset_->currentData().toString();
  s.kind = kind_->currentData().toString();
  s.architecture = architecture_->currentData().toString();
  s.latentDim = latentDim_->value();
  s.hidden = hidden_->value();
  s.likelihood = likelihood_->currentData().toString();
  s.beta = beta_->value();
  s.klSchedule = klSchedule_->currentData().toString();
  s.klWarmupSteps = klWarmupSteps_->value();
  s.klCycleSteps = klCycleSteps_->value();
  s.learningRate = learningRate_->value();
  s.lrSchedule = lrSchedule_->currentData().toString();
  s.batchSize = batchSize_->value();
  s.epochs = epochs_->value();
  s.seed = static_cast<quint64>(seed_->value());
  s.precision = precision_->currentData().toString();
  return s;
}

void ModelPanel::setSettings(const ModelSettings& s) {
  updating_ = true;
  setComboData(kind_, s.kind);
  setComboData(architecture_, s.architecture);
  latentDim_->setValue(s.latentDim);
  hidden_->setValue(s.hidden);
  setComboData(likelihood_, s.likelihood);
  beta_->setValue(s.beta);
  setComboData(klSchedule_, s.klSchedule);
  klWarmupSteps_->setValue(s.klWarmupSteps);
  klCycleSteps_->setValue(s.klCycleSteps);
  learningRate_->setValue(s.learningRate);
  setComboData(lrSchedule_, s.lrSchedule);
  batchSize_->setValue(s.batchSize);
  epochs_->setValue(s.epochs);
  seed_->setValue(static_cast<int>(std::min<quint64>(s.seed, INT_MAX)));
  setComboData(precision_, s.precision);
  committedBeta_ = beta_->value();
  committedLr_ = learningRate_->value();
  updating_ = false;
  updatePresetFromFields();
  updateEnabled();
}

void ModelPanel::applyPreset(const QString& name) {
  if (!presetNames().contains(name)) {
    // "Custom" is a description of the fields, not something to apply.
    updatePresetFromFields();
    return;
  }
  ModelSettings s = presetSettings(name);
  // A preset describes the model; how long, with which seed and in which precision to train are the user's choice.
  s.epochs = epochs_->value();
  s.seed = static_cast<quint64>(seed_->value());
  s.precision = precision_->currentData().toString();
  setSettings(s);
  Q_EMIT settingsEdited();
}

void ModelPanel::updatePresetFromFields() {
  ModelSettings current = settings();
  QString match = kCustomPreset;
  for (const QString& name : presetNames()) {
    ModelSettings p = presetSettings(name);
    p.epochs = current.epochs;
    p.seed = current.seed;
    p.precision = current.precision;
    if (p.sameFields(current)) match = name;
  }
  const QSignalBlocker block(preset_);
  setComboData(preset_, match);
}

void ModelPanel::setTrainingLocked(bool locked) {
  locked_ = locked;
  updateEnabled();
  lockNote_->setVisible(locked);
}

void ModelPanel::updateEnabled() {
  const bool free = !locked_;
  for (QWidget* w : std::initializer_list<QWidget*>{preset_, kind_, architecture_, latentDim_, hidden_, likelihood_,
                                                    lrSchedule_, batchSize_, epochs_, seed_, precision_})
    w->setEnabled(free);
  updateBetaFields(free);
  learningRate_->setEnabled(true);
}

// β and its schedule weigh the KL term: a plain autoencoder has none, so they are disabled and say why.
void ModelPanel::updateBetaFields(bool free) {
  const bool hasKl = kind_->currentData().toString() != QLatin1String("autoencoder");
  const QString schedule = klSchedule_->currentData().toString();
  const bool warmup = schedule == QLatin1String("warmup");
  const bool cyclical = schedule == QLatin1String("cyclical");
  klSchedule_->setEnabled(free && hasKl);
  klWarmupSteps_->setEnabled(free && hasKl && warmup);
  klCycleSteps_->setEnabled(free && hasKl && cyclical);
  // Only the schedule in use shows its length: the side panel has no room for fields that do nothing.
  trainForm_->setRowVisible(klWarmupSteps_, warmup);
  trainForm_->setRowVisible(klCycleSteps_, cyclical);
  beta_->setEnabled(hasKl);  // the one model field that stays editable while training, when there is a KL term
  beta_->setToolTip(hasKl ? tr("Weight of the KL term: higher gives a smoother latent space, blurrier images.\n"
                               "Can be changed while training (press Enter).")
                          : tr("A plain autoencoder has no KL term, so β has no effect."));
  klSchedule_->setToolTip(hasKl ? tr("How β changes over the steps; warm-up and cycles help against posterior "
                                     "collapse")
                                : tr("A plain autoencoder has no KL term, so β has no effect."));
}

void ModelPanel::commitBeta() {
  if (beta_->value() == committedBeta_) return;  // focus moved away without a change
  committedBeta_ = beta_->value();
  Q_EMIT betaEdited(committedBeta_);
}

void ModelPanel::commitLearningRate() {
  if (learningRate_->value() == committedLr_) return;
  committedLr_ = learningRate_->value();
  Q_EMIT learningRateEdited(committedLr_);
}

}  // namespace vae
