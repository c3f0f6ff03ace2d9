#include "app/core/modelpreview.h"

#include "app/core/errortext.h"
#include "app/core/latentdecoder.h"
#include "app/core/tsanannotations.h"
#include "model/checkpoint.h"

#include <QThread>

namespace vae {

ModelPreview::ModelPreview(QObject* parent) : QObject(parent) {}

ModelPreview::~ModelPreview() {
  if (!thread_) return;
  disconnect(thread_, nullptr, this, nullptr);
  thread_->wait();
  delete thread_;
}

void ModelPreview::request(const CheckpointPtr& checkpoint, const std::shared_ptr<const DatasetSplit>& data) {
  if (!checkpoint || !data) return;
  ++generation_;
  if (thread_) {
    pending_ = Request{checkpoint, data};  // started when the running render ends
    return;
  }
  start(Request{checkpoint, data});
}

void ModelPreview::cancel() {
  ++generation_;
  pending_.reset();
}

void ModelPreview::start(const Request& request) {
  const quint64 generation = generation_;
  const Checkpoint& c = *request.checkpoint;
  auto views = std::make_shared<LiveViews>();
  auto error = std::make_shared<QString>();
  Vae model = nullptr;
  try {
    c.modelConfig.validate();
    // Built here, not on the render thread: construction draws from the generator the Trainer seeds.
    model = buildUntrainedModel(c.modelConfig);
  } catch (const std::exception& e) {
    Q_EMIT failed(firstLine(QString::fromUtf8(e.what())));
    return;
  }
  thread_ = QThread::create([request, model, views, error]() mutable {
    (void)at::get_num_threads();  // per thread in LibTorch's OpenMP build: one core, training has the rest
    at::set_num_threads(1);
    *error = captureError(
        [&] {
          const Checkpoint& checkpoint = *request.checkpoint;
          copyParametersInto(model, checkpoint.parameters, "ModelPreview");
          model->eval();
          const LiveViewInputs inputs =
              LiveViewInputs::of(*request.data, checkpoint.modelConfig.latentDim, checkpoint.trainConfig.seed);
          *views = renderLiveViews(model, inputs, /*settled=*/!checkpoint.history.epochs.empty(), checkpoint.globalStep);
          views->mutualInfo = mutualInfoReport(model, *request.data, checkpoint.globalStep);
        },
        QStringLiteral("unknown error while rendering the model's images"));
    // Read by the finished() handler on this object's thread; Qt's queued delivery is invisible to
    // ThreadSanitizer, so the hand-over of the views and the error is annotated.
    tsan::release(views.get());
  });
  connect(thread_, &QThread::finished, this, [this, generation, views, error] {
    tsan::acquire(views.get());  // the render thread's views and error
    thread_->deleteLater();
    thread_ = nullptr;
    if (generation == generation_) {
      if (error->isEmpty())
        Q_EMIT ready(*views);
      else
        Q_EMIT failed(firstLine(*error));
    }
    if (pending_) {
      const Request next = *pending_;
      pending_.reset();
      start(next);
    }
  });
  thread_->start();
}

}  // namespace vae
