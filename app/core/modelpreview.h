#pragma once

#include "app/core/liveviews.h"
#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace vae {

// The Training tab's views (reconstructions, new images, KL) of a model that is not training here: an opened
// or watched checkpoint, rendered from it and its dataset the way a live run renders them (renderLiveViews),
// on a background thread with one torch thread. Newest wins: a request while one renders replaces any request
// still waiting. Results arrive as queued signals on this object's (GUI) thread.
class ModelPreview : public QObject {
  Q_OBJECT

 public:
  explicit ModelPreview(QObject* parent = nullptr);
  ~ModelPreview() override;  // waits for a render in progress (a few hundred images: well under a second)

  void request(const CheckpointPtr& checkpoint, const std::shared_ptr<const DatasetSplit>& data);
  // Whatever is rendering or waiting is dropped: its result will not be reported.
  void cancel();

 Q_SIGNALS:
  void ready(const vae::LiveViews& views);
  void failed(const QString& message);

 private:
  struct Request {
    CheckpointPtr checkpoint;
    std::shared_ptr<const DatasetSplit> data;
  };
  void start(const Request& request);

  QThread* thread_ = nullptr;
  std::optional<Request> pending_;
  quint64 generation_ = 0;  // of the newest request; an older render's result is dropped
};

}  // namespace vae

Q_DECLARE_METATYPE(vae::LiveViews)
