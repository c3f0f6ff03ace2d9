#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace vae {

// Asks which kind of dataset to open and where it is; spec() is the loadDatasetSpecWithFolders string.
class OpenDatasetDialog : public QDialog {
  Q_OBJECT

 public:
  // The order of the kind list; new kinds go at the end so a stored index keeps its meaning.
  enum class Kind { Idx = 0, Cifar10 = 1, ImageFolder = 2, Npy = 3, Npz = 4, Cifar100 = 5 };

  explicit OpenDatasetDialog(QWidget* parent = nullptr);
  ~OpenDatasetDialog() override;

  void setKind(Kind kind);
  Kind kind() const;
  void setPath(const QString& path);
  void setLabelsPath(const QString& path);
  void setImageSize(int size);
  void setRgb(bool rgb);
  void setTransposed(bool transposed);  // IDX stored transposed (EMNIST)
  void setArrayKeys(const QString& keys);  // npz: "KEY[,LABELSKEY]"
  void setCrop(bool crop);  // folders: centre crop to a square, else stretch

  // "idx:IMAGES[,LABELS][:transpose]", "npy:IMAGES[,LABELS]", "npz:FILE[:KEYS]", "cifar10:DIR", "cifar100:DIR" or
  // "folder:DIR:SIZE:gray|rgb[:crop]"; empty while no path is given.
  QString spec() const;
  // Fills the fields from such a spec (the last one opened, say); anything else is ignored.
  void setSpec(const QString& spec);
  // An image folder's size, colour and fit from its first image (a 64x64 colour folder is not 28 px gray;
  // a folder of non-square photos is centre-cropped rather than squashed).
  void guessFolderFormat();

 private:
  void browse();
  void browseLabels();
  void updateRows();
  void guessLabelsPath();

  QComboBox* kind_ = nullptr;
  QFormLayout* form_ = nullptr;
  QLineEdit* path_ = nullptr;
  QLineEdit* labels_ = nullptr;
  QWidget* labelsRow_ = nullptr;
  QCheckBox* transposed_ = nullptr;
  QLineEdit* keys_ = nullptr;
  QSpinBox* size_ = nullptr;
  QComboBox* color_ = nullptr;
  QComboBox* fit_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace vae
