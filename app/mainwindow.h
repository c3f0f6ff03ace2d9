#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QIcon;
class QLabel;
class QTreeWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QThread;

namespace vae {

struct DatasetSplit;
class ImageGridView;

// The main window: dataset summary on the left, a page of training images in the centre.
// Datasets load on a worker thread; the window stays usable and reports errors without blocking.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // Images shown per page of the dataset grid (8 x 6 at the default window size).
  static constexpr int kPageSize = 48;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // The application icon from the resources (PNG sizes plus the SVG when Qt can render it).
  static QIcon appIcon();
  // "fashion-mnist" when the Debian package is installed, else the built-in shapes.
  static QString defaultDatasetSpec();
  // Human name of a dataset spec for status messages: "Fashion-MNIST", "Shapes", a file or folder name.
  static QString describeSpec(const QString& spec);

  // Errors are shown in a window-modal message box (default) or only in the status bar (tests).
  void setShowErrorDialogs(bool show) { showErrorDialogs_ = show; }
  bool showErrorDialogs() const { return showErrorDialogs_; }

  bool isLoading() const { return loader_ != nullptr; }
  // The loaded dataset, or nullptr before the first successful load.
  const DatasetSplit* dataset() const { return dataset_.get(); }
  ImageGridView* imageGrid() const { return grid_; }
  int currentPage() const { return page_; }  // 0-based
  int pageCount() const;

 public Q_SLOTS:
  // Starts loading spec (any loadDatasetSpecWithFolders spec) off the GUI thread. While a load runs,
  // the newest request waits and replaces the running one's result when it finishes.
  void loadDataset(const QString& spec);
  void openDatasetDialog();
  void setPage(int page);
  void nextPage();
  void previousPage();

 Q_SIGNALS:
  void datasetLoaded(const QString& name);
  void datasetFailed(const QString& message);

 private:
  struct LoadResult;
  void createActions();
  void createCentralWidgets();
  void startLoading(const QString& spec);
  void finishLoading(const std::shared_ptr<LoadResult>& result);
  void setBusy(bool busy, const QString& message);
  void showDatasetInfo();
  void showPage();
  void showImageDetails(int indexOnPage);
  void showError(const QString& message);
  void showAbout();

  std::shared_ptr<const DatasetSplit> dataset_;
  int page_ = 0;
  bool showErrorDialogs_ = true;

  QThread* loader_ = nullptr;
  QString loadingSpec_;
  QString pendingSpec_;

  QAction* openAction_ = nullptr;
  QAction* previousAction_ = nullptr;
  QAction* nextAction_ = nullptr;
  QMenu* builtinMenu_ = nullptr;

  ImageGridView* grid_ = nullptr;
  QLabel* nameValue_ = nullptr;
  QLabel* trainValue_ = nullptr;
  QLabel* testValue_ = nullptr;
  QLabel* sizeValue_ = nullptr;
  QTreeWidget* classList_ = nullptr;
  QLabel* pageLabel_ = nullptr;
  QPushButton* previousButton_ = nullptr;
  QPushButton* nextButton_ = nullptr;
  QProgressBar* busyBar_ = nullptr;
};

}  // namespace vae
