#include "widgets/modelpanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using vae::ModelPanel;
using vae::ModelSettings;

namespace {
template <typename T>
T* field(ModelPanel& panel, const char* name) {
  T* w = panel.findChild<T*>(QString::fromLatin1(name));
  if (!w) qFatal("no field %s", name);
  return w;
}

// Types text into a spin box the way a user does and commits it with Enter.
void typeAndCommit(QAbstractSpinBox* spin, const QString& text) {
  spin->setFocus();
  QLineEdit* edit = spin->findChild<QLineEdit*>();
  edit->selectAll();
  QTest::keyClicks(edit, text);
  QTest::keyClick(edit, Qt::Key_Return);
}
}  // namespace

class TestModelPanel : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void startsWithTheClassicMlp() {
    ModelPanel panel;
    const ModelSettings s = panel.settings();
    QCOMPARE(s.preset, QString("Classic MLP"));
    QCOMPARE(s.architecture, QString("mlp"));
    QCOMPARE(s.latentDim, 20);
    QCOMPARE(s.hidden, 400);
    QCOMPARE(s.likelihood, QString("bernoulli"));
    QCOMPARE(s.beta, 1.0);
    QCOMPARE(s.learningRate, 1e-3);
    QCOMPARE(s.batchSize, 128);
    QCOMPARE(s.epochs, 10);
  }

  void presetsFillTheFields() {
    ModelPanel panel;
    QSignalSpy edited(&panel, &ModelPanel::settingsEdited);
    panel.applyPreset("Conv");
    QCOMPARE(edited.count(), 1);
    QCOMPARE(panel.settings().preset, QString("Conv"));
    QCOMPARE(panel.settings().architecture, QString("conv"));
    QCOMPARE(panel.settings().hidden, ModelPanel::presetSettings("Conv").hidden);
    panel.applyPreset("Classic MLP");
    QCOMPARE(panel.settings().architecture, QString("mlp"));
    QCOMPARE(panel.settings().hidden, 400);
  }

  // Issue 18: the Classic MLP without the KL term. β (and its schedule) weigh a term it does not have.
  void theAutoencoderPresetSetsTheKindAndDisablesBeta() {
    ModelPanel panel;
    auto* beta = field<QDoubleSpinBox>(panel, "beta");
    QVERIFY(beta->isEnabled());
    auto* preset = field<QComboBox>(panel, "preset");
    const int index = preset->findData(ModelPanel::kAutoencoderPreset);
    QVERIFY(index >= 0);
    QCOMPARE(preset->itemText(index), ModelPanel::presetDisplayName(ModelPanel::kAutoencoderPreset));
    QSignalSpy edited(&panel, &ModelPanel::settingsEdited);
    preset->setCurrentIndex(index);
    Q_EMIT preset->activated(index);  // as a user's choice in the combo
    QCOMPARE(edited.count(), 1);
    const ModelSettings s = panel.settings();
    QCOMPARE(s.preset, ModelPanel::kAutoencoderPreset);
    QCOMPARE(s.kind, QStringLiteral("autoencoder"));
    QCOMPARE(field<QComboBox>(panel, "kind")->currentData().toString(), QStringLiteral("autoencoder"));
    // The same sizes as the Classic MLP.
    const ModelSettings classic = ModelPanel::presetSettings("Classic MLP");
    QCOMPARE(s.architecture, classic.architecture);
    QCOMPARE(s.latentDim, classic.latentDim);
    QCOMPARE(s.hidden, classic.hidden);
    QVERIFY(!beta->isEnabled());
    QVERIFY(beta->toolTip().contains("no KL term"));
    QVERIFY(!field<QComboBox>(panel, "klSchedule")->isEnabled());
    panel.setTrainingLocked(true);
    QVERIFY(!beta->isEnabled());  // training does not turn it back on
    QVERIFY(!field<QComboBox>(panel, "kind")->isEnabled());
    panel.setTrainingLocked(false);
    panel.applyPreset("Classic MLP");
    QCOMPARE(panel.settings().kind, QStringLiteral("vae"));
    QVERIFY(beta->isEnabled());
    QVERIFY(beta->toolTip().contains("Weight of the KL term"));
  }

  void theKindIsAFieldOfItsOwn() {
    ModelPanel panel;
    auto* kind = field<QComboBox>(panel, "kind");
    kind->setCurrentIndex(kind->findData("autoencoder"));
    QCOMPARE(panel.settings().preset, ModelPanel::kAutoencoderPreset);  // the Classic MLP sizes, no KL
    QVERIFY(!field<QDoubleSpinBox>(panel, "beta")->isEnabled());
    field<QSpinBox>(panel, "latentDim")->setValue(2);
    QCOMPARE(panel.settings().preset, ModelPanel::kCustomPreset);
    QCOMPARE(panel.settings().kind, QStringLiteral("autoencoder"));  // Custom keeps the kind
    ModelSettings s = panel.settings();
    s.kind = "vae";
    QVERIFY(!s.sameFields(panel.settings()));
  }

  void editingAFieldMakesThePresetCustom() {
    ModelPanel panel;
    field<QSpinBox>(panel, "latentDim")->setValue(4);
    QCOMPARE(panel.settings().preset, ModelPanel::kCustomPreset);
    field<QSpinBox>(panel, "latentDim")->setValue(20);
    QCOMPARE(panel.settings().preset, QString("Classic MLP"));
    // Epochs and seed are not part of a preset.
    field<QSpinBox>(panel, "epochs")->setValue(3);
    QCOMPARE(panel.settings().preset, QString("Classic MLP"));
  }

  void settingsRoundTrip() {
    ModelSettings s;
    s.architecture = "conv";
    s.latentDim = 8;
    s.hidden = 64;
    s.likelihood = "gaussian";
    s.beta = 4.0;
    s.klSchedule = "cyclical";
    s.klWarmupSteps = 123;
    s.klCycleSteps = 456;
    s.learningRate = 3e-4;
    s.lrSchedule = "cosine";
    s.batchSize = 50;
    s.epochs = 7;
    s.seed = 42;
    s.precision = "auto";
    ModelPanel panel;
    QSignalSpy beta(&panel, &ModelPanel::betaEdited);
    panel.setSettings(s);
    QVERIFY(panel.settings().sameFields(s));
    QCOMPARE(panel.settings().preset, ModelPanel::kCustomPreset);
    QCOMPARE(beta.count(), 0);  // programmatic changes are not user edits
  }

  void precisionIsTheUsersChoiceNotPartOfAPreset() {
    ModelPanel panel;
    auto* precision = field<QComboBox>(panel, "precision");
    QCOMPARE(panel.settings().precision, QStringLiteral("fp32"));  // the default: reproducible runs
    QSignalSpy edited(&panel, &ModelPanel::settingsEdited);
    precision->setCurrentIndex(precision->findData("bf16"));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(panel.settings().precision, QStringLiteral("bf16"));
    QCOMPARE(panel.settings().preset, QStringLiteral("Classic MLP"));  // still the preset
    panel.applyPreset("Conv");
    QCOMPARE(panel.settings().precision, QStringLiteral("bf16"));  // a preset keeps it
    panel.setTrainingLocked(true);
    QVERIFY(!precision->isEnabled());  // a run keeps the precision it started with
  }

  void scheduleStepsFollowTheSchedule() {
    ModelPanel panel;
    auto* schedule = field<QComboBox>(panel, "klSchedule");
    QVERIFY(!field<QSpinBox>(panel, "klWarmupSteps")->isEnabled());
    schedule->setCurrentIndex(schedule->findData("warmup"));
    QVERIFY(field<QSpinBox>(panel, "klWarmupSteps")->isEnabled());
    QVERIFY(!field<QSpinBox>(panel, "klCycleSteps")->isEnabled());
    QCOMPARE(panel.settings().klSchedule, QString("warmup"));
  }

  void lockingLeavesOnlyBetaAndLearningRate() {
    ModelPanel panel;
    panel.setTrainingLocked(true);
    QVERIFY(panel.trainingLocked());
    for (const char* name : {"preset", "architecture", "likelihood", "klSchedule", "lrSchedule"})
      QVERIFY2(!field<QComboBox>(panel, name)->isEnabled(), name);
    for (const char* name : {"latentDim", "hidden", "batchSize", "epochs", "seed", "klWarmupSteps", "klCycleSteps"})
      QVERIFY2(!field<QSpinBox>(panel, name)->isEnabled(), name);
    QVERIFY(field<QDoubleSpinBox>(panel, "beta")->isEnabled());
    QVERIFY(field<QDoubleSpinBox>(panel, "learningRate")->isEnabled());
    panel.setTrainingLocked(false);
    QVERIFY(field<QComboBox>(panel, "architecture")->isEnabled());
  }

  void betaIsAnnouncedWhenCommitted() {
    ModelPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setTrainingLocked(true);
    QSignalSpy beta(&panel, &ModelPanel::betaEdited);
    auto* spin = field<QDoubleSpinBox>(panel, "beta");
    spin->setFocus();
    QLineEdit* edit = spin->findChild<QLineEdit*>();
    edit->selectAll();
    QTest::keyClicks(edit, "2.5");
    QCOMPARE(beta.count(), 0);  // not on every keystroke
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(beta.count(), 1);
    QCOMPARE(beta.at(0).at(0).toDouble(), 2.5);
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(beta.count(), 1);  // committing the same value again is no change
  }

  // Closing a panel with an edit in progress: the focus leaves the spin box inside ~QWidget, after
  // ~ModelPanel has run. A half-destroyed panel must not commit (and announce) the edit then.
  void aClosingPanelDoesNotCommitFromItsDestructor() {
    auto* panel = new ModelPanel;
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel));
    QVERIFY(QTest::qWaitForWindowActive(panel));
    int announced = 0;
    QObject receiver;
    connect(panel, &ModelPanel::betaEdited, &receiver, [&announced] { ++announced; });
    auto* spin = field<QDoubleSpinBox>(*panel, "beta");
    spin->setFocus();
    QTRY_VERIFY(spin->hasFocus());
    QLineEdit* edit = spin->findChild<QLineEdit*>();
    edit->selectAll();
    QTest::keyClicks(edit, "3");
    QCOMPARE(announced, 0);
    delete panel;
    QCOMPARE(announced, 0);
  }

  void learningRateAcceptsScientificNotation() {
    ModelPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy lr(&panel, &ModelPanel::learningRateEdited);
    typeAndCommit(field<QDoubleSpinBox>(panel, "learningRate"), "1e-4");
    QCOMPARE(lr.count(), 1);
    QCOMPARE(lr.at(0).at(0).toDouble(), 1e-4);
    QCOMPARE(panel.settings().learningRate, 1e-4);
    QCOMPARE(field<QDoubleSpinBox>(panel, "learningRate")->text(), QString("0.0001"));
  }

  void learningRateStepsGeometrically() {
    ModelPanel panel;
    auto* spin = field<QDoubleSpinBox>(panel, "learningRate");
    spin->stepUp();
    QCOMPARE(spin->value(), 2e-3);
    spin->stepDown();
    spin->stepDown();
    QCOMPARE(spin->value(), 5e-4);
  }
};

QTEST_MAIN(TestModelPanel)
#include "test_modelpanel.moc"
