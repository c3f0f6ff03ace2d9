#include "app/gui/trainingsetupbuilder.h"

#include <QtTest>

using vae::ModelSettings;

class TestTrainingSetupBuilder : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void modelFollowsTheSettingsAndTheImages_data() {
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<QString>("likelihood");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("side");
    QTest::newRow("mlp gray") << "mlp" << "bernoulli" << 1 << 28;
    QTest::newRow("conv rgb") << "conv" << "gaussian" << 3 << 32;
  }

  void modelFollowsTheSettingsAndTheImages() {
    QFETCH(QString, architecture);
    QFETCH(QString, likelihood);
    QFETCH(int, channels);
    QFETCH(int, side);
    ModelSettings s;
    s.architecture = architecture;
    s.likelihood = likelihood;
    s.latentDim = 4;
    s.hidden = 64;
    const vae::VaeConfig c = vae::toVaeConfig(s, channels, side, side);
    QCOMPARE(QString::fromStdString(vae::toString(c.architecture)), architecture);
    QCOMPARE(QString::fromStdString(vae::toString(c.likelihood)), likelihood);
    QCOMPARE(c.channels, int64_t(channels));
    QCOMPARE(c.height, int64_t(side));
    QCOMPARE(c.width, int64_t(side));
    QCOMPARE(c.latentDim, int64_t(4));
    QCOMPARE(c.hiddenSizes, std::vector<int64_t>{64});
    QCOMPARE(c.convHidden, int64_t(64));
    c.validate();
  }

  void trainingFollowsTheSettings() {
    ModelSettings s;
    s.beta = 4;
    s.klSchedule = "warmup";
    s.klWarmupSteps = 500;
    s.klCycleSteps = 300;
    s.learningRate = 3e-4;
    s.lrSchedule = "cosine";
    s.batchSize = 50;
    s.epochs = 3;
    s.seed = 7;
    const vae::TrainConfig t = vae::toTrainConfig(s);
    QCOMPARE(t.epochs, int64_t(3));
    QCOMPARE(t.batchSize, int64_t(50));
    QCOMPARE(t.seed, uint64_t(7));
    QVERIFY(t.beta.kind == vae::BetaSchedule::Kind::Warmup);
    QCOMPARE(t.beta.beta, 4.0);
    QCOMPARE(t.beta.warmupSteps, int64_t(500));
    QCOMPARE(t.beta.cycleSteps, int64_t(300));
    QVERIFY(t.lr.kind == vae::LrSchedule::Kind::Cosine);
    QCOMPARE(t.lr.lr, 3e-4);
    QCOMPARE(t.lr.totalSteps, int64_t(0));  // the Trainer decays over the whole run
    t.validate();
  }

  void unknownNamesAreRejected() {
    ModelSettings s;
    s.architecture = "transformer";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, vae::toVaeConfig(s, 1, 28, 28));
    ModelSettings t;
    t.lrSchedule = "sawtooth";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, vae::toTrainConfig(t));
  }

  // The Model panel's "Plain autoencoder (no KL)" preset reaches the model config, and an opened autoencoder
  // shows as one in the panel.
  void theKindReachesTheModelAndComesBack() {
    ModelSettings s = vae::ModelPanel::presetSettings(vae::ModelPanel::kAutoencoderPreset);
    QCOMPARE(s.kind, QStringLiteral("autoencoder"));
    const vae::VaeConfig c = vae::toVaeConfig(s, 1, 28, 28);
    QVERIFY(c.kind == vae::ModelKind::Autoencoder);
    QCOMPARE(vae::toModelSettings(c, vae::toTrainConfig(s)).kind, QStringLiteral("autoencoder"));
    QVERIFY(vae::toVaeConfig(ModelSettings{}, 1, 28, 28).kind == vae::ModelKind::Vae);
    s.kind = "gan";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, vae::toVaeConfig(s, 1, 28, 28));
  }

  void settingsSurviveTheRoundTrip() {
    ModelSettings s;
    s.architecture = "conv";
    s.latentDim = 8;
    s.hidden = 128;
    s.likelihood = "gaussian";
    s.beta = 0.5;
    s.klSchedule = "cyclical";
    s.klWarmupSteps = 10;
    s.klCycleSteps = 20;
    s.learningRate = 2e-3;
    s.lrSchedule = "step";
    s.batchSize = 64;
    s.epochs = 12;
    s.seed = 99;
    s.precision = "bf16";
    QVERIFY(vae::toTrainConfig(s).precision == vae::Precision::Bf16);
    const ModelSettings back = vae::toModelSettings(vae::toVaeConfig(s, 1, 28, 28), vae::toTrainConfig(s));
    QVERIFY(back.sameFields(s));
  }
};

QTEST_MAIN(TestTrainingSetupBuilder)
#include "test_trainingsetupbuilder.moc"
