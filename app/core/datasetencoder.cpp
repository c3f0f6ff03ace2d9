#include "app/core/datasetencoder.h"
#include "app/core/tensorvalues.h"

#include "app/core/latentdecoder.h"
#include "app/core/tsanannotations.h"
#include "model/checkpoint.h"
#include "model/latenttools.h"

#include <ATen/Parallel.h>

#include <QMetaObject>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>

namespace vae {

namespace {
// Small enough that cancel() is noticed within a few milliseconds, large enough for BLAS to be efficient.
constexpr int64_t kEncodeBatch = 500;

// Thrown from the progress callback to leave encodeDataset between batches.
struct Cancelled {};

}  // namespace

QVector<double> LatentCodes::code(int index) const {
  if (index < 0 || index >= count()) return {};
  const float* row = mu.constData() + static_cast<qsizetype>(index) * latentDim;
  return QVector<double>(row, row + latentDim);
}

DatasetEncoder::DatasetEncoder(QObject* parent) : QObject(parent) {
  qRegisterMetaType<LatentCodesPtr>("vae::LatentCodesPtr");
}

DatasetEncoder::~DatasetEncoder() {
  pending_.reset();
  cancelled_ = true;
  join();
}

void DatasetEncoder::join() {
  if (thread_.joinable()) thread_.join();
}

DecoderSnapshotPtr DatasetEncoder::snapshotOf(const Checkpoint& checkpoint) {
  auto snapshot = std::make_shared<DecoderSnapshot>();
  snapshot->config = checkpoint.modelConfig;
  // Tensors are shared, not copied: checkpoints are never modified in place (resuming copies out of them).
  snapshot->parameters = checkpoint.parameters;
  snapshot->step = checkpoint.globalStep;
  return snapshot;
}

void DatasetEncoder::request(const DecoderSnapshotPtr& snapshot, const Dataset& data) {
  if (!snapshot) return;
  Request request{snapshot, data};
  if (running_) {
    pending_ = std::move(request);  // newest wins: an older waiting request is dropped
    return;
  }
  start(std::move(request));
}

void DatasetEncoder::cancel() {
  pending_.reset();
  if (running_) {
    cancelled_ = true;
    ++job_;  // whatever the running job still delivers is dropped
  }
}

void DatasetEncoder::start(Request request) {
  join();  // the previous job has delivered its result already; only the thread object is left
  const std::string configJson = request.snapshot->config.toJson().dump();
  try {
    if (model_.is_empty() || configJson != modelConfigJson_) {
      request.snapshot->config.validate();
      model_ = buildUntrainedModel(request.snapshot->config);
      modelConfigJson_ = configJson;
    }
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
    return;
  }
  running_ = true;
  cancelled_ = false;
  const quint64 job = ++job_;
  Vae model = model_;  // shared with the job; this object does not touch it until the job reports back
  thread_ = std::thread([this, job, model, request = std::move(request)]() mutable {
    // Per-thread in LibTorch's OpenMP build (see LatentDecoder): this job never competes with training
    // for more than one core.
    (void)at::get_num_threads();
    at::set_num_threads(1);
    LatentCodesPtr codes;
    QString error;
    try {
      codes = encode(model, *request.snapshot, request.data, &cancelled_, [this, job](int64_t done, int64_t total) {
        postCall(this, [this, job, done, total] {
          if (job == job_) Q_EMIT progress(static_cast<int>(done), static_cast<int>(total));
        });
      });
    } catch (const Cancelled&) {
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    // Queued to this object: if it is destroyed first, Qt drops the call (the destructor joins us). The codes
    // were written on this thread; postCall hands them over in a way ThreadSanitizer sees.
    postCall(this, [this, job, codes, error] { onJobDone(job, codes, error); });
  });
}

void DatasetEncoder::onJobDone(quint64 job, const LatentCodesPtr& codes, const QString& error) {
  running_ = false;
  join();
  if (job == job_) {
    if (codes)
      Q_EMIT finished(codes);
    else if (!error.isEmpty())
      Q_EMIT failed(error);
  }
  if (pending_) {
    Request next = std::move(*pending_);
    pending_.reset();
    start(std::move(next));
  }
}

LatentCodesPtr DatasetEncoder::encode(Vae& model, const DecoderSnapshot& snapshot, const Dataset& data,
                                      const std::atomic<bool>* cancelled,
                                      const std::function<void(int64_t, int64_t)>& progress) {
  const VaeConfig& config = snapshot.config;
  if (data.size() == 0) throw std::invalid_argument(data.name + ": the dataset has no images to encode");
  if (data.channels() != config.channels || data.height() != config.height || data.width() != config.width)
    throw std::invalid_argument(data.name + ": its images are " + std::to_string(data.channels()) + "×" +
                                std::to_string(data.height()) + "×" + std::to_string(data.width()) +
                                ", the model takes " + std::to_string(config.channels) + "×" +
                                std::to_string(config.height) + "×" + std::to_string(config.width));
  {
    torch::NoGradGuard noGrad;
    auto params = model->parameters();
    if (params.size() != snapshot.parameters.size())
      throw std::invalid_argument("the snapshot has " + std::to_string(snapshot.parameters.size()) +
                                  " parameter tensors, the model " + std::to_string(params.size()));
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(snapshot.parameters[i]);
  }

  const Dataset items = data.slice(0, std::min<int64_t>(data.size(), kMaxItems), "");
  const EncodedDataset encoded = encodeDataset(model, items, kEncodeBatch, [&](int64_t done, int64_t total) {
    if (cancelled && *cancelled) throw Cancelled{};
    if (progress) progress(done, total);
  });

  auto codes = std::make_shared<LatentCodes>();
  codes->step = snapshot.step;
  codes->latentDim = static_cast<int>(config.latentDim);
  const torch::Tensor mu = encoded.mu.to(torch::kFloat32).contiguous();
  codes->mu = QVector<float>(mu.data_ptr<float>(), mu.data_ptr<float>() + mu.numel());
  const int count = static_cast<int>(items.size());
  codes->labels = QVector<int>(count, -1);
  if (items.hasLabels()) {
    const torch::Tensor labels = items.labels.to(torch::kInt64).contiguous();
    for (int i = 0; i < count; ++i) codes->labels[i] = static_cast<int>(labels.data_ptr<int64_t>()[i]);
  }
  for (const std::string& name : items.classNames) codes->classNames << QString::fromStdString(name);
  codes->klPerDim = toDoubles(klPerDimension(encoded));
  if (count >= 2) {
    const PcaAxes pca = pcaAxes(encoded.mu, kPcaAxes);
    for (int64_t k = 0; k < pca.axes.size(0); ++k) codes->pcaAxes << toDoubles(pca.axes[k]);
    codes->pcaVariances = toDoubles(pca.variances);
  }
  return codes;
}

}  // namespace vae
