#pragma once

#include "app/core/trainingtypes.h"
#include "app/export/comparer.h"
#include "model/dataset.h"

#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QTableWidget;
class QTabWidget;
class QTimer;

namespace vae {

class CompareCurves;
class CompareRunList;
class CompareRunner;
class ImageGridView;
class LatentSliders;
class RunDocument;
class TrainingController;

// The Compare tab: 2-4 runs side by side, the window's own run (a snapshot of it, refreshed after every epoch
// while the tab is shown) and saved runs added from File → Add Run to Compare… or dropped on the tab. It shows
// their held-out loss curves, a table of scores on the same test images, pictures made with the same seed, axes
// and endpoints (Comparer::renderImage), and one z from a set of sliders decoded by every run. Checkpoint reads,
// scores, pictures and decodes run on a CompareRunner's thread; the tab only draws and answers.
class ComparePanel : public QWidget {
  Q_OBJECT

 public:
  ComparePanel(TrainingController* training, RunDocument* document, QWidget* parent = nullptr);
  ~ComparePanel() override;

  // The window's dataset: the runs are scored on its test images when they fit the first run's model.
  void setDataset(const std::shared_ptr<const DatasetSplit>& data);

  // Reads path off the GUI thread and adds it; a file that cannot be read is reported (failed) and changes
  // nothing; beyond Comparer::kMaxRuns runs it is refused.
  void addRunFile(const QString& path);
  void addRunDialog();
  void removeRun(int index);

  QStringList runNames() const;
  QVector<CompareRun> runs() const;  // the window's run first, when it is compared
  bool isBusy() const;
  QString busyText() const;

  // The parts, for tests.
  CompareRunList* runList() const { return runList_; }
  CompareCurves* curves() const { return curves_; }
  QTableWidget* table() const { return table_; }
  QComboBox* pictureChooser() const { return chooser_; }
  QImage picture() const { return picture_; }
  LatentSliders* sliders() const { return sliders_; }
  ImageGridView* decodedView() const { return decoded_; }
  QString notFollowingText() const;
  QString slidersNoteText() const;  // whose KL (or code sd) is beside the sliders
  QTabWidget* views() const { return views_; }

 Q_SIGNALS:
  void message(const QString& text);  // for the status bar
  void failed(const QString& title, const QString& text, const QString& details);
  void runsChanged();

 protected:
  void showEvent(QShowEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  struct Entry {
    CompareRun run;
    bool live = false;
  };

  QWidget* createScoresPage();
  QWidget* createPicturesPage();
  QWidget* createSlidersPage();
  void connectRunner();
  void connectLiveRun();
  void scheduleLiveRefresh();
  void refreshLive();
  void setLive(const CheckpointPtr& checkpoint);
  QString liveName() const;
  void onLoaded(const QString& path, const CompareRun& run);
  void onRunsChanged();
  void showRunList();
  void showTable(const QVector<CompareRow>& rows);
  void showSliderMeasures(const QVector<CompareRow>& rows);
  void requestPicture();
  void showPicture(const QImage& image);
  void showDecoded(const QVector<QImage>& images);
  void updateBusy();

  TrainingController* training_;
  RunDocument* document_;
  CompareRunner* runner_ = nullptr;
  std::shared_ptr<const DatasetSplit> dataset_;

  QVector<Entry> entries_;
  CheckpointPtr liveSource_;   // what the live entry was made from: the same again changes nothing
  bool awaitingCapture_ = false;
  bool liveDirty_ = true;      // the window's run changed while the tab was hidden
  QTimer* liveTimer_ = nullptr;
  QStringList loading_;        // files being read
  quint64 tableGeneration_ = 0, pictureId_ = 0, decodeId_ = 0;
  bool tablePending_ = false, picturePending_ = false;

  CompareRunList* runList_ = nullptr;
  QLabel* busyLabel_ = nullptr;
  QProgressBar* busyBar_ = nullptr;
  QTabWidget* views_ = nullptr;
  CompareCurves* curves_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* tableNote_ = nullptr;
  QComboBox* chooser_ = nullptr;
  QWidget* pictureView_ = nullptr;
  QLabel* pictureNote_ = nullptr;
  QImage picture_;
  LatentSliders* sliders_ = nullptr;
  ImageGridView* decoded_ = nullptr;
  QLabel* notFollowing_ = nullptr;
  QLabel* slidersNote_ = nullptr;  // whose KL (or code sd) the sliders show
};

}  // namespace vae
