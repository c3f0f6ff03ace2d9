#include "app/gui/comparerunlist.h"

#include "widgets/wrappinglabel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace vae {

namespace {
// The colour swatch beside each run: the size of a legend's line sample.
constexpr int kSwatchSide = 12;
}  // namespace

CompareRunList::CompareRunList(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  grid_ = new QGridLayout;
  grid_->setColumnStretch(1, 1);
  grid_->setHorizontalSpacing(8);
  grid_->setVerticalSpacing(2);
  layout->addLayout(grid_);
  empty_ = new WrappingLabel;
  empty_->setText(tr("No runs yet: train a model or open a checkpoint, then add saved runs to compare with it."));
  layout->addWidget(empty_);
  auto* buttons = new QHBoxLayout;
  addButton_ = new QPushButton(tr("Add Run…"));
  addButton_->setToolTip(tr("Add a saved run (.vaestudio) to the comparison; dropping files here does too"));
  connect(addButton_, &QPushButton::clicked, this, &CompareRunList::addRequested);
  buttons->addWidget(addButton_);
  buttons->addStretch(1);
  layout->addLayout(buttons);
}

void CompareRunList::setEntries(const QVector<Entry>& entries) {
  for (const Row& row : rows_) {
    delete row.swatch;
    delete row.text;
    delete row.remove;
  }
  rows_.clear();
  for (int i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    Row row;
    row.swatch = new QLabel;
    row.swatch->setFixedSize(kSwatchSide, kSwatchSide);
    row.swatch->setStyleSheet(QStringLiteral("background-color: %1; border-radius: 2px;").arg(e.colour.name()));
    row.text = new WrappingLabel;
    row.text->setTextFormat(Qt::RichText);
    row.text->setText(tr("<b>%1</b> — %2").arg(e.name.toHtmlEscaped(), e.details.toHtmlEscaped()));
    row.remove = new QPushButton(tr("Remove"));
    row.remove->setEnabled(e.removable);
    row.remove->setToolTip(e.removable ? tr("Take %1 out of the comparison").arg(e.name)
                                       : tr("The window's own run is compared while it is open"));
    connect(row.remove, &QPushButton::clicked, this, [this, i] { Q_EMIT removeRequested(i); });
    grid_->addWidget(row.swatch, i, 0, Qt::AlignVCenter);
    grid_->addWidget(row.text, i, 1);
    grid_->addWidget(row.remove, i, 2);
    rows_ << row;
  }
  empty_->setVisible(entries.isEmpty());
}

QPushButton* CompareRunList::removeButton(int row) const {
  return row >= 0 && row < rows_.size() ? rows_[row].remove : nullptr;
}

void CompareRunList::setAddEnabled(bool enabled, const QString& why) {
  addButton_->setEnabled(enabled);
  addButton_->setToolTip(enabled ? tr("Add a saved run (.vaestudio) to the comparison; dropping files here does too")
                                 : why);
}

}  // namespace vae
