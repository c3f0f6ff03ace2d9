#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace vae {

class LikelihoodRunner;
struct LogLikelihoodEstimate;

// Training tab → Estimate Log-Likelihood…: the importance-weighted -log p(x) of one model (a snapshot: a capture of
// the live run or an opened checkpoint) with K samples on the test or training images, computed by a
// LikelihoodRunner off the GUI thread, with a progress bar, Cancel, and the result beside the -ELBO.
class LikelihoodDialog : public QDialog {
  Q_OBJECT

 public:
  // The dialog's default K: as `vae-studio eval`'s.
  static constexpr int kDefaultSamples = 1000;

  // data: the window's dataset when it is the checkpoint's (else null: the runner loads the run's own).
  // threads: the estimate's torch threads (1 beside a training run).
  LikelihoodDialog(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data, int threads,
                   QWidget* parent = nullptr);
  ~LikelihoodDialog() override;

  QSpinBox* samplesBox() const { return samples_; }
  QComboBox* splitBox() const { return split_; }
  QPushButton* estimateButton() const { return estimate_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* resultLabel() const { return result_; }
  LikelihoodRunner* runner() const { return runner_; }

  void startEstimate();

 Q_SIGNALS:
  // The result line as shown, once an estimate is done.
  void estimated(const QString& text);

 protected:
  void reject() override;  // Esc / Close while estimating cancels first

 private:
  void setRunning(bool running);
  void showEstimate(const LogLikelihoodEstimate& estimate, double seconds);

  LikelihoodRunner* runner_ = nullptr;
  int threads_ = 1;
  QSpinBox* samples_ = nullptr;
  QComboBox* split_ = nullptr;
  QPushButton* estimate_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* result_ = nullptr;
};

}  // namespace vae
