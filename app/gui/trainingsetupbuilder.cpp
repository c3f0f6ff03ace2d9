#include "app/gui/trainingsetupbuilder.h"

#include "model/trainer.h"

#include "app/core/datasetspec.h"
#include "app/core/defaults.h"
#include "model/checkpoint.h"

#include <QCoreApplication>

#include <algorithm>
#include <climits>

namespace vae {

VaeConfig toVaeConfig(const ModelSettings& s, int64_t channels, int64_t height, int64_t width) {
  VaeConfig c;
  c.kind = modelKindFromString(s.kind.toStdString());
  c.architecture = architectureFromString(s.architecture.toStdString());
  c.channels = channels;
  c.height = height;
  c.width = width;
  c.latentDim = s.latentDim;
  c.hiddenSizes = {s.hidden};
  c.convHidden = s.hidden;
  c.likelihood = likelihoodFromString(s.likelihood.toStdString());
  return c;
}

TrainConfig toTrainConfig(const ModelSettings& s) {
  TrainConfig t;
  t.epochs = s.epochs;
  t.batchSize = s.batchSize;
  t.seed = s.seed;
  t.beta.kind = betaKindFromString(s.klSchedule.toStdString());
  t.beta.beta = s.beta;
  t.beta.warmupSteps = s.klWarmupSteps;
  t.beta.cycleSteps = s.klCycleSteps;
  t.lr.kind = lrKindFromString(s.lrSchedule.toStdString());
  t.lr.lr = s.learningRate;
  t.lr.totalSteps = 0;
  t.precision = precisionFromString(s.precision.toStdString());
  return t;
}

TrainingSetup trainingSetupFor(const ModelSettings& settings, const QString& spec,
                               const std::shared_ptr<const DatasetSplit>& data, const CheckpointPtr& opened) {
  if (opened && QString::fromStdString(opened->datasetSpec) != spec)
    throw DatasetMismatch(QCoreApplication::translate("TrainingSetup",
                                                            "It needs %1, but %2 is loaded. Load %1 (or open the "
                                                            "checkpoint again) to continue.")
                                    .arg(describeDatasetSpec(QString::fromStdString(opened->datasetSpec)),
                                         describeDatasetSpec(spec))
                                    .toStdString());
  TrainingSetup setup;
  setup.datasetSpec = spec;
  setup.data = data;
  setup.threads = trainingThreadCount();
  const Dataset& train = data->train;
  // A cvae's class count comes from the data; unlabelled data is refused here, before a thread starts.
  setup.model = withDatasetClasses(toVaeConfig(settings, train.channels(), train.height(), train.width()), *data);
  setup.train = toTrainConfig(settings);
  setup.model.validate();
  setup.train.validate();
  if (opened) setup.resumeFrom = *opened;
  return setup;
}

ModelSettings toModelSettings(const VaeConfig& model, const TrainConfig& train) {
  ModelSettings s;
  s.kind = QString::fromStdString(toString(model.kind));
  s.architecture = QString::fromStdString(toString(model.architecture));
  s.latentDim = static_cast<int>(model.latentDim);
  s.hidden = static_cast<int>(model.architecture == Architecture::Conv || model.hiddenSizes.empty()
                                  ? model.convHidden
                                  : model.hiddenSizes.front());
  s.likelihood = QString::fromStdString(toString(model.likelihood));
  s.beta = train.beta.beta;
  s.klSchedule = QString::fromStdString(toString(train.beta.kind));
  s.klWarmupSteps = static_cast<int>(std::min<int64_t>(train.beta.warmupSteps, INT_MAX));
  s.klCycleSteps = static_cast<int>(std::min<int64_t>(train.beta.cycleSteps, INT_MAX));
  s.learningRate = train.lr.lr;
  s.lrSchedule = QString::fromStdString(toString(train.lr.kind));
  s.batchSize = static_cast<int>(train.batchSize);
  s.epochs = static_cast<int>(std::min<int64_t>(train.epochs, INT_MAX));
  s.seed = train.seed;
  s.precision = QString::fromStdString(toString(train.precision));
  return s;
}

}  // namespace vae
