#include "app/gui/likelihooddialog.h"

#include "app/core/likelihoodrunner.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace vae {

namespace {
// K above this is a typo or hours of waiting; the command line allows more.
constexpr int kMaxSamples = 100000;
}  // namespace

LikelihoodDialog::LikelihoodDialog(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data, int threads,
                                   QWidget* parent)
    : QDialog(parent), threads_(threads) {
  setWindowTitle(tr("Estimate Log-Likelihood"));
  runner_ = new LikelihoodRunner(std::move(checkpoint), std::move(data), this);

  auto* intro = new QLabel(tr("The importance-weighted estimate of −log p(x) in nats per image (IWAE, Burda et al. "
                              "2016): lower is better. K = 1 is the ELBO; more samples tighten the bound and take "
                              "longer. The model is a copy: training goes on meanwhile."));
  intro->setWordWrap(true);
  samples_ = new QSpinBox;
  samples_->setObjectName("samplesBox");
  samples_->setRange(1, kMaxSamples);
  samples_->setValue(kDefaultSamples);
  samples_->setToolTip(tr("Importance samples K per image; the papers use 5000"));
  split_ = new QComboBox;
  split_->setObjectName("splitBox");
  split_->addItem(tr("Test images"));
  split_->addItem(tr("Training images"));
  auto* form = new QFormLayout;
  form->addRow(tr("Samples K:"), samples_);
  form->addRow(tr("Images:"), split_);

  progress_ = new QProgressBar;
  progress_->setObjectName("likelihoodProgress");
  progress_->setRange(0, 1);
  progress_->setValue(0);
  result_ = new QLabel(tr("Press Estimate to start."));
  result_->setObjectName("likelihoodResult");
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  estimate_ = buttons->addButton(tr("Estimate"), QDialogButtonBox::ActionRole);
  estimate_->setObjectName("estimateButton");
  estimate_->setDefault(true);
  cancel_ = buttons->addButton(tr("Cancel Estimate"), QDialogButtonBox::ActionRole);
  cancel_->setObjectName("cancelEstimateButton");
  connect(buttons, &QDialogButtonBox::rejected, this, &LikelihoodDialog::reject);
  connect(estimate_, &QPushButton::clicked, this, &LikelihoodDialog::startEstimate);
  connect(cancel_, &QPushButton::clicked, runner_, &LikelihoodRunner::cancelEstimate);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(progress_);
  layout->addWidget(result_);
  layout->addWidget(buttons);

  connect(runner_, &LikelihoodRunner::progress, this, [this](qint64 done, qint64 total) {
    progress_->setRange(0, static_cast<int>(total));
    progress_->setValue(static_cast<int>(done));
  });
  connect(runner_, &LikelihoodRunner::estimated, this, &LikelihoodDialog::showEstimate);
  connect(runner_, &LikelihoodRunner::estimateFailed, this, [this](const QString& reason) {
    setRunning(false);
    result_->setText(tr("The estimate failed: %1").arg(reason));
  });
  connect(runner_, &LikelihoodRunner::estimateCancelled, this, [this] {
    setRunning(false);
    progress_->setValue(0);
    result_->setText(tr("Cancelled."));
  });
  setRunning(false);
}

LikelihoodDialog::~LikelihoodDialog() = default;  // the runner (a child) cancels and joins its thread

void LikelihoodDialog::startEstimate() {
  LikelihoodRequest request;
  request.options.samples = samples_->value();
  request.trainSplit = split_->currentIndex() == 1;
  request.threads = threads_;
  if (!runner_->startEstimate(request)) return;
  setRunning(true);
  progress_->setRange(0, 0);  // busy until the first chunk says how many images there are
  result_->setText(tr("Estimating with K = %1…").arg(QLocale().toString(samples_->value())));
}

void LikelihoodDialog::reject() {
  runner_->cancelEstimate();
  QDialog::reject();
}

void LikelihoodDialog::setRunning(bool running) {
  estimate_->setEnabled(!running);
  cancel_->setEnabled(running);
  samples_->setEnabled(!running);
  split_->setEnabled(!running);
}

void LikelihoodDialog::showEstimate(const LogLikelihoodEstimate& e, double seconds) {
  setRunning(false);
  const QLocale locale;
  const QString images = split_->currentIndex() == 1 ? tr("%1 training images") : tr("%1 test images");
  const QString text =
      tr("−log p(x) ≈ %1 ± %2 nats per image\n−ELBO %3 nats\nIWAE, K = %4, %5, %6 s")
          .arg(locale.toString(e.negLogLikelihood, 'f', 2), locale.toString(e.standardError, 'f', 2),
               locale.toString(e.negElbo, 'f', 2), locale.toString(static_cast<qint64>(e.samples)),
               images.arg(locale.toString(static_cast<qint64>(e.images))), locale.toString(seconds, 'f', 1));
  result_->setText(text);
  Q_EMIT estimated(text);
}

}  // namespace vae
