#include "model/resume.h"

#include <algorithm>

namespace vae {

std::unique_ptr<Trainer> resumeTrainer(const Checkpoint& checkpoint, DatasetSplit data, const ResumeChanges& changes) {
  TrainConfig config = checkpoint.trainConfig;
  if (changes.precision) config.precision = *changes.precision;
  auto trainer = std::make_unique<Trainer>(checkpoint.modelConfig, config, std::move(data));
  checkpoint.restoreInto(*trainer);
  if (changes.epochs) trainer->setEpochs(std::max(*changes.epochs, checkpoint.epoch));
  std::string text = "resumed at step " + std::to_string(trainer->globalStep());
  if (!changes.source.empty()) text += " from " + changes.source;
  trainer->history().events.push_back({EventRecord::Kind::Resumed, trainer->globalStep(), 0, text});
  if (changes.learningRate) trainer->setLearningRate(*changes.learningRate);
  if (changes.beta) trainer->setBeta(*changes.beta);
  return trainer;
}

}  // namespace vae
