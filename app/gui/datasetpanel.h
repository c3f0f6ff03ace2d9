#pragma once

#include "model/dataset.h"

#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QPushButton;

namespace vae {

class ImageGridView;

// The Dataset tab: a page of training images with their labels, a pager, a click that names an image and a
// right-click menu that encodes it into the explorer or saves the page.
class DatasetPanel : public QWidget {
  Q_OBJECT

 public:
  // Images shown per page (8 x 6 at the default window size).
  static constexpr int kPageSize = 48;

  explicit DatasetPanel(QWidget* parent = nullptr);

  void setDataset(const std::shared_ptr<const DatasetSplit>& data);  // back to page 1
  // Shown while there is no dataset: how to get one, what is loading, what failed.
  void setPlaceholderText(const QString& text);
  // Whether "Encode in Explorer" can work now (a model exists), asked when the menu opens; the menu says why not.
  void setEncodeAvailable(std::function<bool()> available) { encodeAvailable_ = std::move(available); }

  int page() const { return page_; }  // 0-based
  int pageCount() const;
  ImageGridView* grid() const { return grid_; }
  // What the loader warned about (skipped files, ignored files), shown above the images; hidden when nothing.
  QLabel* warningLabel() const { return warning_; }

 public Q_SLOTS:
  void setPage(int page);
  void nextPage();
  void previousPage();

 Q_SIGNALS:
  void pageChanged(int page);
  // The user clicked training image `index` (0-based, over the whole training set).
  void imageClicked(qint64 index);
  void encodeRequested(qint64 index);

 private:
  void showPage();
  void showContextMenu(const QPoint& pos);

  std::shared_ptr<const DatasetSplit> data_;
  int page_ = 0;
  std::function<bool()> encodeAvailable_;
  ImageGridView* grid_ = nullptr;
  QLabel* pageLabel_ = nullptr;
  QLabel* warning_ = nullptr;
  QPushButton* previous_ = nullptr;
  QPushButton* next_ = nullptr;
};

}  // namespace vae
