#include "app/gui/datasetpanel.h"

#include "app/core/imageconversion.h"
#include "app/gui/saveimageaction.h"
#include "widgets/imagegridview.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace vae {

DatasetPanel::DatasetPanel(QWidget* parent) : QWidget(parent) {
  grid_ = new ImageGridView;
  grid_->setObjectName("datasetGrid");
  connect(grid_, &ImageGridView::imageActivated, this,
          [this](int onPage) { Q_EMIT imageClicked(static_cast<qint64>(page_) * kPageSize + onPage); });
  grid_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(grid_, &QWidget::customContextMenuRequested, this, &DatasetPanel::showContextMenu);
  SaveImageAction::attach(grid_, QStringLiteral("training-images"), SaveImageAction::Menu::Shared);

  previous_ = new QPushButton(tr("◀ Previous"));
  previous_->setToolTip(tr("Previous page (Page Up)"));
  next_ = new QPushButton(tr("Next ▶"));
  next_->setToolTip(tr("Next page (Page Down)"));
  pageLabel_ = new QLabel;
  pageLabel_->setAlignment(Qt::AlignCenter);
  connect(previous_, &QPushButton::clicked, this, &DatasetPanel::previousPage);
  connect(next_, &QPushButton::clicked, this, &DatasetPanel::nextPage);
  auto* pager = new QHBoxLayout;
  pager->addWidget(previous_);
  pager->addWidget(pageLabel_, 1);
  pager->addWidget(next_);

  warning_ = new QLabel;
  warning_->setObjectName("datasetWarning");
  warning_->setWordWrap(true);
  warning_->setTextInteractionFlags(Qt::TextSelectableByMouse);  // a path to copy
  warning_->setTextFormat(Qt::PlainText);
  warning_->hide();

  auto* box = new QGroupBox(tr("Training images  (click an image to see its number and label)"));
  auto* boxLayout = new QVBoxLayout(box);
  boxLayout->addWidget(warning_);
  boxLayout->addWidget(grid_, 1);
  boxLayout->addLayout(pager);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(box);
  setPlaceholderText(tr("No dataset loaded.\nUse File → Open Dataset… or File → Built-in Datasets."));
  showPage();
}

void DatasetPanel::setDataset(const std::shared_ptr<const DatasetSplit>& data) {
  data_ = data;
  QStringList warnings;
  if (data)
    for (const std::string& line : data->warnings) warnings.append(tr("Warning: %1").arg(QString::fromStdString(line)));
  warning_->setText(warnings.join(QLatin1Char('\n')));
  warning_->setVisible(!warnings.isEmpty());
  page_ = 0;
  showPage();
}

void DatasetPanel::setPlaceholderText(const QString& text) { grid_->setPlaceholderText(text); }

int DatasetPanel::pageCount() const {
  return data_ ? static_cast<int>((data_->train.size() + kPageSize - 1) / kPageSize) : 0;
}

void DatasetPanel::setPage(int page) {
  const int pages = pageCount();
  const int clamped = pages == 0 ? 0 : std::clamp(page, 0, pages - 1);
  if (clamped == page_ && grid_->count() > 0) return;
  page_ = clamped;
  showPage();
}

void DatasetPanel::nextPage() { setPage(page_ + 1); }

void DatasetPanel::previousPage() { setPage(page_ - 1); }

void DatasetPanel::showPage() {
  const int pages = pageCount();
  if (pages == 0) {
    grid_->clear();
    pageLabel_->setText(tr("No images"));
  } else {
    const Dataset& train = data_->train;
    const int64_t begin = static_cast<int64_t>(page_) * kPageSize;
    const int64_t end = std::min<int64_t>(begin + kPageSize, train.size());
    QStringList captions;
    for (int64_t i = begin; i < end; ++i) captions.append(QString::fromStdString(train.labelName(i)));
    grid_->setImages(datasetImages(train, begin, end), captions);
    const QLocale locale;
    pageLabel_->setText(tr("Page %1 of %2  ·  images %3–%4 of %5")
                            .arg(locale.toString(page_ + 1), locale.toString(pages),
                                 locale.toString(static_cast<qint64>(begin + 1)),
                                 locale.toString(static_cast<qint64>(end)),
                                 locale.toString(static_cast<qint64>(train.size()))));
  }
  previous_->setEnabled(page_ > 0);
  next_->setEnabled(page_ + 1 < pages);
  Q_EMIT pageChanged(page_);
}

void DatasetPanel::showContextMenu(const QPoint& pos) {
  const int onPage = grid_->indexAt(pos);
  QMenu menu(this);
  if (data_ && onPage >= 0) {
    const qint64 index = static_cast<qint64>(page_) * kPageSize + onPage;
    QAction* encode = menu.addAction(tr("Encode in Explorer"), this, [this, index] { Q_EMIT encodeRequested(index); });
    const bool available = encodeAvailable_ && encodeAvailable_();
    encode->setEnabled(available);
    if (!available) encode->setText(tr("Encode in Explorer (train or open a model first)"));
    menu.addSeparator();
  }
  // The whole page, wherever the click was.
  if (grid_->count() > 0) menu.addAction(SaveImageAction::of(grid_)->action());
  if (!menu.isEmpty()) menu.exec(grid_->mapToGlobal(pos));
}

}  // namespace vae
