#pragma once

#include "model/dataset.h"

#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace vae {

// Loads dataset specs (loadDatasetSpecWithFolders) off the GUI thread, one at a time. A request made while one
// is loading waits, and when the running load ends it is started instead of that result being shown: the newest
// request wins. Errors come back as one line, never as an exception across threads.
class DatasetLoader : public QObject {
  Q_OBJECT

 public:
  explicit DatasetLoader(QObject* parent = nullptr);
  ~DatasetLoader() override;  // waits for a running load (it cannot be interrupted mid-file) and drops it

  void load(const QString& spec);
  bool isLoading() const { return thread_ != nullptr; }

 Q_SIGNALS:
  // spec started loading; `after` is the spec still loading before it (empty when none).
  void loading(const QString& spec, const QString& after);
  void loaded(const QString& spec, const std::shared_ptr<const DatasetSplit>& data);
  void failed(const QString& spec, const QString& message);

 private:
  struct Result;
  void start(const QString& spec);
  void finish(const std::shared_ptr<Result>& result);

  QThread* thread_ = nullptr;
  QString loadingSpec_;
  QString pendingSpec_;
};

}  // namespace vae
