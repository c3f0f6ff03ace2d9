#include "app/gui/classpicker.h"

#include "widgets/imagegridview.h"

#include <QComboBox>
#include <algorithm>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace vae {

namespace {
// As tall as the traversal strip above it: one row of small images and their captions.
constexpr int kStripHeight = 92;
}  // namespace

ClassPicker::ClassPicker(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* row = new QHBoxLayout;
  auto* label = new QLabel(tr("Class"));
  classBox_ = new QComboBox;
  classBox_->setObjectName("classBox");
  classBox_->setToolTip(tr("The class every view decodes z as: a conditional VAE is told the class, z holds the "
                           "style"));
  label->setBuddy(classBox_);
  caption_ = new QLabel(tr("The same z as every class  ·  click one to pick it"));
  caption_->setWordWrap(true);
  row->addWidget(label);
  row->addWidget(classBox_);
  row->addWidget(caption_, 1);
  layout->addLayout(row);
  strip_ = new ImageGridView;
  strip_->setObjectName("everyClassStrip");
  strip_->setMaxScale(2);
  strip_->setFixedHeight(kStripHeight);
  strip_->setToolTip(tr("z decoded as each class: the style held, the class changed"));
  layout->addWidget(strip_);

  connect(classBox_, &QComboBox::activated, this, [this](int index) { Q_EMIT classChosen(index); });
  connect(strip_, &ImageGridView::imageActivated, this, [this](int index) {
    if (index < 0 || index >= classCount()) return;
    setCurrentClass(index);
    Q_EMIT classChosen(index);
  });
  connect(classBox_, &QComboBox::currentIndexChanged, strip_, &ImageGridView::setHighlighted);
  hide();  // until a model with classes
}

void ClassPicker::setClasses(const QStringList& classNames) {
  const int current = currentClass();
  names_ = classNames;
  {
    const QSignalBlocker block(classBox_);
    classBox_->clear();
    for (int i = 0; i < names_.size(); ++i) classBox_->addItem(QStringLiteral("%1 · %2").arg(i).arg(names_[i]));
    classBox_->setCurrentIndex(current >= 0 && current < names_.size() ? current : (names_.isEmpty() ? -1 : 0));
  }
  strip_->setColumns(std::max(1, static_cast<int>(names_.size())));
  strip_->clear();
  // Named as the class box names them (the strip's captions are cut short when the window is narrow).
  QStringList tips;
  for (int i = 0; i < classBox_->count(); ++i) tips << tr("%1 · click to decode every view as this class").arg(classBox_->itemText(i));
  strip_->setToolTipTexts(tips);
  strip_->setHighlighted(classBox_->currentIndex());
  setVisible(!names_.isEmpty());
}

int ClassPicker::classCount() const { return static_cast<int>(names_.size()); }

void ClassPicker::setCurrentClass(int classIndex) {
  if (classIndex < 0 || classIndex >= classCount()) return;
  const QSignalBlocker block(classBox_);
  classBox_->setCurrentIndex(classIndex);
  strip_->setHighlighted(classIndex);
}

int ClassPicker::currentClass() const { return classBox_->currentIndex(); }

void ClassPicker::setImages(const QVector<QImage>& everyClass) {
  if (everyClass.size() != classCount()) {
    strip_->clear();
    return;
  }
  strip_->setImages(everyClass, names_);
}

}  // namespace vae
