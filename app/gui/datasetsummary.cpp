#include "app/gui/datasetsummary.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace vae {

namespace {
// The class list takes whatever height the model forms leave; scroll bars beat squeezed forms.
constexpr int kClassListMinHeight = 60;
}  // namespace

DatasetSummary::DatasetSummary(QWidget* parent) : QWidget(parent) {
  name_ = new QLabel;
  train_ = new QLabel;
  test_ = new QLabel;
  size_ = new QLabel;
  for (QLabel* value : {name_, train_, test_, size_}) {
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
  }
  auto* infoBox = new QGroupBox(tr("Dataset"));
  auto* form = new QFormLayout(infoBox);
  form->addRow(tr("Name:"), name_);
  form->addRow(tr("Training images:"), train_);
  form->addRow(tr("Test images:"), test_);
  form->addRow(tr("Image size:"), size_);

  classes_ = new QTreeWidget;
  classes_->setColumnCount(2);
  classes_->setHeaderLabels({tr("Class"), tr("Images")});
  classes_->setRootIsDecorated(false);
  classes_->setSelectionMode(QAbstractItemView::NoSelection);
  classes_->setFocusPolicy(Qt::NoFocus);
  classes_->setMinimumHeight(kClassListMinHeight);
  classes_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
  classes_->header()->setStretchLastSection(false);
  classes_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  classes_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  classes_->headerItem()->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
  auto* classBox = new QGroupBox(tr("Classes (training images)"));
  auto* classLayout = new QVBoxLayout(classBox);
  classLayout->addWidget(classes_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(infoBox);
  layout->addWidget(classBox, 1);
  setDataset(nullptr);
}

QString DatasetSummary::datasetName() const { return name_->text(); }

void DatasetSummary::setDataset(const std::shared_ptr<const DatasetSplit>& data) {
  classes_->clear();
  if (!data) {
    for (QLabel* value : {name_, train_, test_, size_}) value->setText(tr("—"));
    return;
  }
  const Dataset& train = data->train;
  QString name = QString::fromStdString(train.name);
  // Loaders name the split ("Fashion-MNIST (train)"); the panel describes the whole dataset.
  if (name.endsWith(QLatin1String(" (train)"))) name.chop(8);
  // Loaders name in English (the name is a fact of the data, stored in checkpoints); the window says it in
  // the user's language.
  const QLatin1String folderSuffix(" (image folder)");
  if (name.endsWith(folderSuffix)) name = tr("%1 (image folder)").arg(name.chopped(folderSuffix.size()));
  name_->setText(name);
  name_->setToolTip(QString::fromStdString(train.identity));
  const QLocale locale;
  train_->setText(locale.toString(static_cast<qint64>(train.size())));
  test_->setText(locale.toString(static_cast<qint64>(data->test.size())));
  size_->setText(train.size() == 0 ? tr("—")
                                   : tr("%1 × %2 × %3 (%4)")
                                         .arg(train.channels())
                                         .arg(train.height())
                                         .arg(train.width())
                                         .arg(train.channels() == 1 ? tr("gray") : tr("RGB")));
  if (!train.hasLabels()) {
    classes_->addTopLevelItem(new QTreeWidgetItem(QStringList{tr("(unlabelled)")}));
    return;
  }
  const int64_t classes = train.classCount();
  const std::vector<int64_t> counts = train.classCounts(classes);
  for (int64_t c = 0; c < classes; ++c) {
    const QString className = c < static_cast<int64_t>(train.classNames.size())
                                  ? QString::fromStdString(train.classNames[static_cast<size_t>(c)])
                                  : QString::number(c);
    auto* item = new QTreeWidgetItem(
        QStringList{className, locale.toString(static_cast<qint64>(counts[static_cast<size_t>(c)]))});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    classes_->addTopLevelItem(item);
  }
}

}  // namespace vae
