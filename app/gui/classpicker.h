#pragma once

#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;

namespace vae {

class ImageGridView;

// The Explore tab's class picker for a conditional VAE (issue 19): which class every view decodes z as, and a
// strip of the current z decoded as every class side by side (the style held, the class changed). Clicking an
// image of the strip picks its class too. Hidden for models without classes. It shows what it is given; the
// explorer decodes.
class ClassPicker : public QWidget {
  Q_OBJECT

 public:
  explicit ClassPicker(QWidget* parent = nullptr);

  // classNames: one per class of the model (the dataset's names, or numbers); empty hides the picker.
  void setClasses(const QStringList& classNames);
  int classCount() const;
  // The class shown as chosen; out of range is ignored. Does not emit classChosen.
  void setCurrentClass(int classIndex);
  int currentClass() const;
  // z decoded as each class, class 0 first (one per class).
  void setImages(const QVector<QImage>& everyClass);
  ImageGridView* strip() const { return strip_; }
  QComboBox* classBox() const { return classBox_; }

 Q_SIGNALS:
  // The user picked a class (combo box or a click on the strip).
  void classChosen(int classIndex);

 private:
  QComboBox* classBox_ = nullptr;
  QLabel* caption_ = nullptr;
  ImageGridView* strip_ = nullptr;
  QStringList names_;
};

}  // namespace vae
