#include "model/checkpoint.h"

#include "model/errortext.h"
#include "model/atomicfile.h"
#include "model/checkpointarchive.h"
#include "model/trainer.h"
#include "model/jsonint.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace vae {

namespace {
// Written first in every file, so a .vaestudio can be told from any other torch archive.
constexpr const char* kFormatTag = "vae-studio-checkpoint";
// Columns of the per-step history tensor, in order.
constexpr int64_t kStepColumns = 7;

CheckpointError errorFor(const std::string& path, const std::string& problem) {
  return CheckpointError(path + ": " + problem);
}

// First line of a (possibly multi-line) torch error message.

nlohmann::json optionalToJson(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
std::optional<double> optionalFromJson(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<double>();
}

torch::Tensor stepsToTensor(const std::vector<StepRecord>& steps) {
  torch::Tensor t = torch::empty({static_cast<int64_t>(steps.size()), kStepColumns}, torch::kDouble);
  double* d = t.data_ptr<double>();
  for (const StepRecord& s : steps) {
    *d++ = static_cast<double>(s.step);
    *d++ = static_cast<double>(s.epoch);
    *d++ = s.total;
    *d++ = s.recon;
    *d++ = s.kl;
    *d++ = s.beta;
    *d++ = s.lr;
  }
  return t;
}

std::vector<StepRecord> stepsFromTensor(const torch::Tensor& t) {
  if (t.dim() != 2 || t.size(1) != kStepColumns || t.scalar_type() != torch::kDouble)
    throw std::invalid_argument("step history has the wrong shape");
  torch::Tensor c = t.contiguous();
  const double* d = c.data_ptr<double>();
  std::vector<StepRecord> steps(static_cast<size_t>(c.size(0)));
  for (StepRecord& s : steps) {
    s.step = static_cast<int64_t>(*d++);
    s.epoch = static_cast<int64_t>(*d++);
    s.total = *d++;
    s.recon = *d++;
    s.kl = *d++;
    s.beta = *d++;
    s.lr = *d++;
  }
  return steps;
}
}  // namespace

Checkpoint Checkpoint::capture(const Trainer& trainer, const std::string& datasetSpec) {
  Checkpoint c;
  c.modelConfig = trainer.modelConfig();
  c.trainConfig = trainer.trainConfig();
  c.datasetSpec = datasetSpec;
  c.datasetIdentity = trainer.data().train.identity;
  c.globalStep = trainer.globalStep();
  c.epoch = trainer.epoch();
  c.stepInEpoch = trainer.stepInEpoch();
  c.betaOverride = trainer.betaOverride();
  c.lrOverride = trainer.lrOverride();
  c.lrScale = trainer.lrScale();
  c.history = trainer.history();
  torch::NoGradGuard noGrad;
  for (const auto& item : trainer.model()->named_parameters()) {
    c.parameterNames.push_back(item.key());
    c.parameters.push_back(item.value().detach().clone());
  }
  const FusedAdam& adam = trainer.optimizer();
  c.adamStep = adam.stepCount();
  for (const torch::Tensor& m : adam.firstMoments()) c.adamM.push_back(m.clone());
  for (const torch::Tensor& v : adam.secondMoments()) c.adamV.push_back(v.clone());
  return c;
}

void Checkpoint::save(const std::string& path) const {
  History withoutSteps = history;
  withoutSteps.steps.clear();
  nlohmann::json meta = {{"model", modelConfig.toJson()},
                         {"train", trainConfig.toJson()},
                         {"dataset_spec", datasetSpec},
                         {"dataset_identity", datasetIdentity},
                         {"global_step", globalStep},
                         {"epoch", epoch},
                         {"step_in_epoch", stepInEpoch},
                         {"beta_override", optionalToJson(betaOverride)},
                         {"lr_override", optionalToJson(lrOverride)},
                         {"lr_scale", lrScale},
                         {"adam_step", adamStep},
                         {"parameter_names", parameterNames},
                         {"history", withoutSteps.toJson()}};
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormatTag)));
  archive.write("format_version", c10::IValue(kCheckpointFormatVersion));
  archive.write("meta", c10::IValue(meta.dump()));
  archive.write("history_steps", stepsToTensor(history.steps));
  // Optional (absent in older files): the fixed progress z and its decodes after each epoch.
  if (history.progressZ.defined() && !history.epochImages.empty()) {
    archive.write("history_progress_z", history.progressZ);
    archive.write("history_epoch_images", torch::stack(history.epochImages));
  }
  for (size_t i = 0; i < parameters.size(); ++i) {
    archive.write("param_" + std::to_string(i), parameters[i]);
    archive.write("adam_m_" + std::to_string(i), adamM.at(i));
    archive.write("adam_v_" + std::to_string(i), adamV.at(i));
  }
  std::ostringstream bytes;
  try {
    archive.save_to(bytes);
  } catch (const c10::Error& e) {
    throw errorFor(path, "cannot serialise checkpoint: " + firstLine(e.what()));
  }
  try {
    writeFileAtomically(path, bytes.str());
  } catch (const std::runtime_error& e) {
    throw CheckpointError(e.what());
  }
}

Checkpoint Checkpoint::load(const std::string& path) {
  std::string bytes;
  try {
    bytes = readWholeFile(path);
  } catch (const std::runtime_error& e) {
    throw CheckpointError(e.what());
  }
  if (bytes.empty()) throw errorFor(path, "empty file, not a VAE Studio checkpoint");
  torch::serialize::InputArchive archive;
  try {
    checkArchiveBytes(bytes);
  } catch (const std::runtime_error& e) {
    throw errorFor(path, "damaged checkpoint: " + firstLine(e.what()));
  } catch (const std::exception& e) {
    throw errorFor(path, "not a VAE Studio checkpoint (cannot read torch archive)");
  }
  try {
    archive.load_from(bytes.data(), bytes.size());
  } catch (const std::exception& e) {
    throw errorFor(path, "not a VAE Studio checkpoint (cannot read torch archive)");
  }
  Checkpoint c;
  try {
    c10::IValue tag, version, metaText;
    if (!archive.try_read("format", tag) || !tag.isString() || tag.toStringRef() != kFormatTag)
      throw errorFor(path, "not a VAE Studio checkpoint (no format tag)");
    if (!archive.try_read("format_version", version) || !version.isInt())
      throw errorFor(path, "checkpoint has no format version");
    if (version.toInt() != kCheckpointFormatVersion)
      throw errorFor(path, "checkpoint format version " + std::to_string(version.toInt()) +
                               " is not supported (this VAE Studio reads version " +
                               std::to_string(kCheckpointFormatVersion) + ")");
    checkStorageSizes(bytes, archive);
    archive.read("meta", metaText);
    const nlohmann::json meta = nlohmann::json::parse(metaText.toStringRef());
    c.modelConfig = VaeConfig::fromJson(meta.at("model"));
    c.trainConfig = TrainConfig::fromJson(meta.at("train"));
    c.datasetSpec = meta.at("dataset_spec").get<std::string>();
    c.datasetIdentity = meta.at("dataset_identity").get<std::string>();
    c.globalStep = jsonInt(meta.at("global_step"));
    c.epoch = jsonInt(meta.at("epoch"));
    c.stepInEpoch = jsonInt(meta.at("step_in_epoch"));
    c.betaOverride = optionalFromJson(meta.at("beta_override"));
    c.lrOverride = optionalFromJson(meta.at("lr_override"));
    c.lrScale = meta.at("lr_scale").get<double>();
    c.adamStep = jsonInt(meta.at("adam_step"));
    c.parameterNames = meta.at("parameter_names").get<std::vector<std::string>>();
    c.history = History::fromJson(meta.at("history"));
    torch::Tensor steps;
    archive.read("history_steps", steps);
    c.history.steps = stepsFromTensor(steps);
    torch::Tensor z, images;
    if (archive.try_read("history_progress_z", z) && archive.try_read("history_epoch_images", images)) {
      if (z.dim() != 2 || z.size(1) != c.modelConfig.latentDim || images.dim() != 5 ||
          images.scalar_type() != torch::kUInt8 || images.size(1) != z.size(0) ||
          images.size(2) != c.modelConfig.channels || images.size(3) != c.modelConfig.height ||
          images.size(4) != c.modelConfig.width)
        throw errorFor(path, "the per-epoch progress images have the wrong shape");
      c.history.progressZ = z;
      for (int64_t e = 0; e < images.size(0); ++e) c.history.epochImages.push_back(images[e].clone());
    }
    for (size_t i = 0; i < c.parameterNames.size(); ++i) {
      torch::Tensor p, m, v;
      archive.read("param_" + std::to_string(i), p);
      archive.read("adam_m_" + std::to_string(i), m);
      archive.read("adam_v_" + std::to_string(i), v);
      c.parameters.push_back(p);
      c.adamM.push_back(m);
      c.adamV.push_back(v);
    }
  } catch (const CheckpointError&) {
    throw;
  } catch (const std::exception& e) {
    throw errorFor(path, "damaged checkpoint: " + firstLine(e.what()));
  }
  // The weights must fit the architecture the config describes, and be numbers.
  try {
    Vae probe = makeUntrainedVae(c.modelConfig);
    auto named = probe->named_parameters();
    if (named.size() != c.parameters.size())
      throw errorFor(path, "checkpoint has " + std::to_string(c.parameters.size()) + " weight tensors, the " +
                               toString(c.modelConfig.architecture) + " model needs " + std::to_string(named.size()));
    for (size_t i = 0; i < named.size(); ++i) {
      const torch::Tensor& p = c.parameters[i];
      if (!p.sizes().equals(named[i].value().sizes()) || p.scalar_type() != torch::kFloat ||
          !c.adamM[i].sizes().equals(p.sizes()) || !c.adamV[i].sizes().equals(p.sizes()))
        throw errorFor(path, "weight '" + named[i].key() + "' has the wrong shape or type");
      if (!torch::isfinite(p).all().item<bool>())
        throw errorFor(path, "weight '" + named[i].key() + "' contains NaN or infinity");
    }
  } catch (const CheckpointError&) {
    throw;
  } catch (const std::exception& e) {
    throw errorFor(path, "damaged checkpoint: " + firstLine(e.what()));
  }
  return c;
}

Vae Checkpoint::makeModel() const {
  Vae model = makeUntrainedVae(modelConfig);
  torch::NoGradGuard noGrad;
  auto params = model->parameters();
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(parameters.at(i));
  model->eval();
  return model;
}

void Checkpoint::restoreInto(Trainer& trainer) const {
  {
    torch::NoGradGuard noGrad;
    auto params = trainer.model()->parameters();
    if (params.size() != parameters.size())
      throw CheckpointError("checkpoint does not match the trainer's model");
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(parameters[i]);
  }
  trainer.optimizer().setState(adamStep, adamM, adamV);
  trainer.history() = history;
  trainer.restoreOverrides(betaOverride, lrOverride, lrScale);
  trainer.restorePosition(globalStep, epoch, stepInEpoch);
}

}  // namespace vae
