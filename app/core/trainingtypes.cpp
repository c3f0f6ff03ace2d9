#include "app/core/trainingtypes.h"

#include "app/core/mutualinforeport.h"
#include "model/trainer.h"

namespace vae {

QString toString(TrainingState state) {
  switch (state) {
    case TrainingState::Idle: return QStringLiteral("Idle");
    case TrainingState::Running: return QStringLiteral("Running");
    case TrainingState::Paused: return QStringLiteral("Paused");
    case TrainingState::Stopped: return QStringLiteral("Stopped");
    case TrainingState::Finished: return QStringLiteral("Finished");
    case TrainingState::Failed: return QStringLiteral("Failed");
  }
  return QStringLiteral("Unknown");
}

void registerTrainingMetaTypes() {
  // moc registers signal argument types on first use in Qt 6, but a queued connection made by name
  // (or a QVariant round trip in QSignalSpy) needs the types known up front; registering is idempotent.
  qRegisterMetaType<vae::TrainingState>("vae::TrainingState");
  qRegisterMetaType<vae::StepBatch>("vae::StepBatch");
  qRegisterMetaType<vae::EpochStats>("vae::EpochStats");
  qRegisterMetaType<vae::TrainingEvent>("vae::TrainingEvent");
  qRegisterMetaType<vae::DecoderSnapshotPtr>("vae::DecoderSnapshotPtr");
  qRegisterMetaType<vae::MutualInfoReport>("vae::MutualInfoReport");
}

DecoderSnapshotPtr captureDecoderSnapshot(const Trainer& trainer) {
  auto snapshot = std::make_shared<DecoderSnapshot>();
  snapshot->config = trainer.modelConfig();
  snapshot->step = trainer.globalStep();
  torch::NoGradGuard noGrad;
  for (const auto& item : trainer.model()->named_parameters())
    snapshot->parameters.push_back(item.value().detach().clone());
  return snapshot;
}

TrainingEvent toTrainingEvent(const EventRecord& e) {
  return {e.kind, e.step, QString::fromStdString(eventLabel(e))};
}

}  // namespace vae
