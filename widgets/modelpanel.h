#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace vae {

// What the user chose for the model and the run, as plain values (app/ turns them into VaeConfig +
// TrainConfig; this layer knows nothing of LibTorch).
struct ModelSettings {
  // "Classic MLP", "Conv", "Plain autoencoder (no KL)" or "Custom": the preset's id (the combo shows tr() of it)
  QString preset = QStringLiteral("Classic MLP");
  QString kind = QStringLiteral("vae");          // "vae" | "autoencoder" (no KL term: beta does nothing)
  QString architecture = QStringLiteral("mlp");    // "mlp" | "conv"
  int latentDim = 20;
  int hidden = 400;
  QString likelihood = QStringLiteral("bernoulli");  // "bernoulli" | "gaussian"
  double beta = 1.0;
  QString klSchedule = QStringLiteral("constant");  // "constant" | "warmup" | "cyclical"
  int klWarmupSteps = 1000;
  int klCycleSteps = 2000;
  double learningRate = 1e-3;
  QString lrSchedule = QStringLiteral("constant");  // "constant" | "step" | "cosine"
  int batchSize = 128;
  int epochs = 10;
  quint64 seed = 1;
  // "fp32", "bf16" (mixed) or "auto" (bf16 where the CPU does it in hardware and it is measurably faster).
  // fp32 by default: a timed choice could give the same seed and settings a different run on another day.
  QString precision = QStringLiteral("fp32");

  // Field-wise equality, ignoring the preset name (which only describes the fields).
  bool sameFields(const ModelSettings& other) const;
};

// The model + training setup on the left of the main window. Presets fill every field; editing a field
// turns the preset into "Custom". While training runs, only beta and the learning rate stay editable:
// they are the two knobs that make sense mid-run, and a committed change is announced so the window
// can pass it to the worker.
class ModelPanel : public QWidget {
  Q_OBJECT

 public:
  static const QString kCustomPreset;

  explicit ModelPanel(QWidget* parent = nullptr);
  ~ModelPanel() override;

  static const QString kAutoencoderPreset;

  static QStringList presetNames();  // the built-in presets' ids, without "Custom"
  static QString presetDisplayName(const QString& name);  // what the combo shows for an id, translated
  // The settings of a built-in preset; the defaults for an unknown name.
  static ModelSettings presetSettings(const QString& name);

  ModelSettings settings() const;
  // Shows s; the preset combo shows whichever built-in preset matches the fields, else "Custom".
  // Does not emit betaEdited / learningRateEdited.
  void setSettings(const ModelSettings& s);
  void applyPreset(const QString& name);

  // Training: everything except beta and the learning rate is read-only.
  void setTrainingLocked(bool locked);
  bool trainingLocked() const { return locked_; }

 Q_SIGNALS:
  // The user committed a new value (Enter or focus out, not every keystroke).
  void betaEdited(double beta);
  void learningRateEdited(double lr);
  // Any field changed by the user or a preset.
  void settingsEdited();

 private:
  void buildUi();
  void createModelFields();
  void createTrainingFields();
  void layoutFields();
  void connectFields();
  void updateEnabled();
  void updateBetaFields(bool free);
  void updatePresetFromFields();
  void commitBeta();
  void commitLearningRate();

  QComboBox* preset_ = nullptr;
  QComboBox* kind_ = nullptr;
  QComboBox* architecture_ = nullptr;
  QSpinBox* latentDim_ = nullptr;
  QSpinBox* hidden_ = nullptr;
  QComboBox* likelihood_ = nullptr;
  QDoubleSpinBox* beta_ = nullptr;
  QComboBox* klSchedule_ = nullptr;
  QSpinBox* klWarmupSteps_ = nullptr;
  QSpinBox* klCycleSteps_ = nullptr;
  QDoubleSpinBox* learningRate_ = nullptr;
  QComboBox* lrSchedule_ = nullptr;
  QSpinBox* batchSize_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QComboBox* precision_ = nullptr;
  QLabel* lockNote_ = nullptr;
  QFormLayout* trainForm_ = nullptr;

  bool locked_ = false;
  bool updating_ = false;  // true while fields are set programmatically
  double committedBeta_ = 1.0;
  double committedLr_ = 1e-3;
};

}  // namespace vae
