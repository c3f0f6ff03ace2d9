#pragma once

// Value types that travel from the training thread to the GUI over queued signals.
// Nothing here shares mutable state with the worker.

#include "app/core/klreport.h"
#include "model/history.h"
#include "model/vaeconfig.h"

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace vae {

struct Checkpoint;
// An immutable captured run, shared by the GUI thread and the export threads that read it.
using CheckpointPtr = std::shared_ptr<const Checkpoint>;

enum class TrainingState { Idle, Running, Paused, Stopped, Finished, Failed };
QString toString(TrainingState state);

// Registers the types below with Qt's meta-type system (idempotent; TrainingWorker's constructor calls it).
void registerTrainingMetaTypes();

// Step losses since the previous batch (the worker throttles to <= 30 batches per second).
struct StepBatch {
  QVector<double> step, total, recon, kl, beta, lr;
  qint64 globalStep = 0;       // after the last step in the batch
  int epoch = 0;               // 0-based epoch of the last step
  qint64 stepInEpoch = 0;
  qint64 stepsPerEpoch = 0;
  int epochs = 0;              // total epochs planned
  double imagesPerSecond = 0;  // recent training throughput
};

struct EpochStats {
  int epoch = 0;  // 0-based
  qint64 step = 0;
  double trainTotal = 0, testTotal = 0, testRecon = 0, testKl = 0, seconds = 0;
};

// A marker for the loss plot: beta / lr changed, run resumed, NaN recovered. Made from the run's EventRecord by
// toTrainingEvent, so a live marker reads exactly as the same event of a reopened run (eventLabel).
struct TrainingEvent {
  EventRecord::Kind kind = EventRecord::Kind::Note;
  qint64 step = 0;
  QString text;
};
TrainingEvent toTrainingEvent(const EventRecord& e);

// An immutable deep copy of the decoder's weights at one step, published a few times per second
// so the GUI decodes with live weights while training continues (see LatentDecoder).
struct DecoderSnapshot {
  VaeConfig config;
  std::vector<torch::Tensor> parameters;  // the whole model's parameters, in named_parameters() order, cloned
  qint64 step = 0;
};
using DecoderSnapshotPtr = std::shared_ptr<const DecoderSnapshot>;

class Trainer;
// Deep-copies the trainer's current weights into a snapshot; call on the thread that owns the trainer.
DecoderSnapshotPtr captureDecoderSnapshot(const Trainer& trainer);

}  // namespace vae

Q_DECLARE_METATYPE(vae::TrainingState)
Q_DECLARE_METATYPE(vae::StepBatch)
Q_DECLARE_METATYPE(vae::EpochStats)
Q_DECLARE_METATYPE(vae::TrainingEvent)
Q_DECLARE_METATYPE(vae::DecoderSnapshotPtr)
Q_DECLARE_METATYPE(vae::CheckpointPtr)
