#include "app/gui/opendatasetdialog.h"

#include "app/core/folderspec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLayout>
#include <QDirIterator>
#include <QFileDialog>
#include <QImageReader>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <stdexcept>

namespace vae {

namespace {
// Size range offered for image folders; what loadImageFolder accepts.
constexpr int kMinSize = kFolderMinSize;
constexpr int kMaxSize = kFolderMaxSize;
// Rows of the fit box.
constexpr int kStretchRow = 0;
constexpr int kCropRow = 1;

QWidget* withBrowseButton(QLineEdit* edit, QPushButton* button) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  layout->addWidget(button);
  return row;
}
}  // namespace

OpenDatasetDialog::OpenDatasetDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Open Dataset"));

  kind_ = new QComboBox;
  kind_->addItem(tr("IDX images file (MNIST / Fashion-MNIST format)"));
  kind_->addItem(tr("CIFAR-10 binary folder (data_batch_*.bin)"));
  kind_->addItem(tr("Image folder (class subfolders, train/ and test/, or just images)"));
  kind_->addItem(tr("NumPy array (.npy: N×H×W or N×H×W×C)"));
  kind_->addItem(tr("NumPy archive (.npz)"));
  kind_->addItem(tr("CIFAR-100 binary folder (train.bin, test.bin)"));

  path_ = new QLineEdit;
  path_->setMinimumWidth(320);
  auto* browseButton = new QPushButton(tr("Browse…"));
  labels_ = new QLineEdit;
  labels_->setPlaceholderText(tr("optional"));
  auto* browseLabelsButton = new QPushButton(tr("Browse…"));
  labelsRow_ = withBrowseButton(labels_, browseLabelsButton);

  transposed_ = new QCheckBox(tr("Images are stored transposed (EMNIST)"));
  keys_ = new QLineEdit;
  keys_->setPlaceholderText(tr("optional: IMAGES[,LABELS] array names"));

  size_ = new QSpinBox;
  size_->setRange(kMinSize, kMaxSize);
  size_->setValue(kFolderDefaultSize);
  size_->setSuffix(tr(" px"));
  color_ = new QComboBox;
  color_->addItem(tr("Grayscale"));
  color_->addItem(tr("RGB colour"));
  fit_ = new QComboBox;
  fit_->addItem(tr("Stretch to a square"));
  fit_->addItem(tr("Centre crop to a square"));
  fit_->setToolTip(tr("How images that are not square are made square before scaling: stretched (the whole "
                      "image, squashed) or cropped around the centre (undistorted, edges cut off)."));

  form_ = new QFormLayout;
  form_->addRow(tr("&Kind:"), kind_);
  form_->addRow(tr("&Location:"), withBrowseButton(path_, browseButton));
  form_->addRow(tr("&Labels file:"), labelsRow_);
  form_->addRow(QString(), transposed_);
  form_->addRow(tr("&Arrays:"), keys_);
  form_->addRow(tr("Image &size:"), size_);
  form_->addRow(tr("&Colour:"), color_);
  form_->addRow(tr("&Fit:"), fit_);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form_);
  layout->addWidget(buttons_);

  connect(kind_, &QComboBox::currentIndexChanged, this, &OpenDatasetDialog::updateRows);
  connect(path_, &QLineEdit::textChanged, this, &OpenDatasetDialog::updateRows);
  connect(path_, &QLineEdit::editingFinished, this, &OpenDatasetDialog::guessLabelsPath);
  connect(path_, &QLineEdit::editingFinished, this, &OpenDatasetDialog::guessFolderFormat);
  connect(browseButton, &QPushButton::clicked, this, &OpenDatasetDialog::browse);
  connect(browseLabelsButton, &QPushButton::clicked, this, &OpenDatasetDialog::browseLabels);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  updateRows();
}

// Closing the dialog in ~QWidget moves the focus out of the path field, which emits editingFinished
// after ~OpenDatasetDialog has run; guessLabelsPath must not be called on a half-destroyed dialog.
OpenDatasetDialog::~OpenDatasetDialog() { path_->disconnect(this); }

void OpenDatasetDialog::setKind(Kind kind) { kind_->setCurrentIndex(static_cast<int>(kind)); }
OpenDatasetDialog::Kind OpenDatasetDialog::kind() const { return static_cast<Kind>(kind_->currentIndex()); }
void OpenDatasetDialog::setPath(const QString& path) { path_->setText(path); }
void OpenDatasetDialog::setLabelsPath(const QString& path) { labels_->setText(path); }
void OpenDatasetDialog::setImageSize(int size) { size_->setValue(size); }
void OpenDatasetDialog::setRgb(bool rgb) { color_->setCurrentIndex(rgb ? 1 : 0); }
void OpenDatasetDialog::setTransposed(bool transposed) { transposed_->setChecked(transposed); }
void OpenDatasetDialog::setArrayKeys(const QString& keys) { keys_->setText(keys); }
void OpenDatasetDialog::setCrop(bool crop) { fit_->setCurrentIndex(crop ? kCropRow : kStretchRow); }

QString OpenDatasetDialog::spec() const {
  const QString path = path_->text().trimmed();
  if (path.isEmpty()) return {};
  const QString labels = labels_->text().trimmed();
  const QString withLabels = path + (labels.isEmpty() ? QString() : "," + labels);
  switch (kind()) {
    case Kind::Idx:
      return "idx:" + withLabels + (transposed_->isChecked() ? QStringLiteral(":transpose") : QString());
    case Kind::Npy:
      return "npy:" + withLabels;
    case Kind::Npz: {
      const QString keys = keys_->text().trimmed();
      return "npz:" + path + (keys.isEmpty() ? QString() : ":" + keys);
    }
    case Kind::Cifar10:
      return "cifar10:" + path;
    case Kind::Cifar100:
      return "cifar100:" + path;
    case Kind::ImageFolder: {
      FolderSpec folder;
      folder.dir = path.toStdString();
      folder.options.size = size_->value();
      folder.options.channels = color_->currentIndex() == 1 ? 3 : 1;
      folder.options.fit = fit_->currentIndex() == kCropRow ? FolderFit::Crop : FolderFit::Stretch;
      return QString::fromStdString(folderSpecString(folder));
    }
  }
  return {};
}

void OpenDatasetDialog::setSpec(const QString& spec) {
  const int colon = spec.indexOf(QLatin1Char(':'));
  if (colon < 0) return;
  const QString scheme = spec.left(colon), rest = spec.mid(colon + 1);
  if (scheme == QLatin1String("idx") || scheme == QLatin1String("npy")) {
    QString files = rest;
    const bool transposed = scheme == QLatin1String("idx") && files.endsWith(QLatin1String(":transpose"));
    if (transposed) files.chop(10);
    setKind(scheme == QLatin1String("idx") ? Kind::Idx : Kind::Npy);
    const int comma = files.indexOf(QLatin1Char(','));
    setPath(comma < 0 ? files : files.left(comma));
    setLabelsPath(comma < 0 ? QString() : files.mid(comma + 1));
    setTransposed(transposed);
  } else if (scheme == QLatin1String("npz")) {
    setKind(Kind::Npz);
    // FILE may contain ':' itself; keys follow the last ':' only when FILE alone exists.
    const int colon = rest.lastIndexOf(QLatin1Char(':'));
    const bool hasKeys = colon > 0 && !QFileInfo::exists(rest) && QFileInfo::exists(rest.left(colon));
    setPath(hasKeys ? rest.left(colon) : rest);
    setArrayKeys(hasKeys ? rest.mid(colon + 1) : QString());
  } else if (scheme == QLatin1String("cifar10") || scheme == QLatin1String("cifar100")) {
    setKind(scheme == QLatin1String("cifar10") ? Kind::Cifar10 : Kind::Cifar100);
    setPath(rest);
  } else if (scheme == QLatin1String("folder")) {
    FolderSpec folder;
    try {
      folder = parseFolderSpec(spec.toStdString());
    } catch (const std::runtime_error&) {  // DatasetError: "folder:" alone, an option twice
      return;
    }
    setKind(Kind::ImageFolder);
    setPath(QString::fromStdString(folder.dir));
    setImageSize(folder.options.size);
    setRgb(folder.options.channels == 3);
    setCrop(folder.options.fit == FolderFit::Crop);
  }
}

void OpenDatasetDialog::guessFolderFormat() {
  if (kind() != Kind::ImageFolder) return;
  QDirIterator it(path_->text().trimmed(), {"*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif", "*.webp", "*.tif", "*.tiff"},
                  QDir::Files, QDirIterator::Subdirectories);
  if (!it.hasNext()) return;
  QImageReader reader(it.next());
  const QImage first = reader.read();  // one image: a few milliseconds at most
  if (first.isNull()) return;
  const bool crop = first.width() != first.height();
  const int side = crop ? std::min(first.width(), first.height()) : first.width();  // what is left after a crop
  setImageSize(std::clamp(side, kMinSize, kMaxSize));
  setRgb(!first.isGrayscale());
  setCrop(crop);
}

void OpenDatasetDialog::browse() {
  QString chosen;
  if (kind() == Kind::Idx)
    chosen = QFileDialog::getOpenFileName(this, tr("IDX Images File"), path_->text(),
                                          tr("IDX files (*-ubyte *-ubyte.gz *.idx *.idx3 *.gz);;All files (*)"));
  else if (kind() == Kind::Npy || kind() == Kind::Npz)
    chosen = QFileDialog::getOpenFileName(this, tr("NumPy File"), path_->text(),
                                          kind() == Kind::Npy ? tr("NumPy arrays (*.npy);;All files (*)")
                                                              : tr("NumPy archives (*.npz);;All files (*)"));
  else
    chosen = QFileDialog::getExistingDirectory(this, tr("Dataset Folder"), path_->text());
  if (chosen.isEmpty()) return;
  path_->setText(chosen);
  guessLabelsPath();
  guessFolderFormat();
}

void OpenDatasetDialog::browseLabels() {
  const bool npy = kind() == Kind::Npy;
  const QString chosen =
      QFileDialog::getOpenFileName(this, npy ? tr("NumPy Labels Array") : tr("IDX Labels File"), QFileInfo(path_->text()).path(),
                                   npy ? tr("NumPy arrays (*.npy);;All files (*)")
                                       : tr("IDX files (*-ubyte *-ubyte.gz *.idx *.idx1 *.gz);;All files (*)"));
  if (!chosen.isEmpty()) labels_->setText(chosen);
}

void OpenDatasetDialog::guessLabelsPath() {
  // MNIST-style names come in pairs: train-images-idx3-ubyte.gz next to train-labels-idx1-ubyte.gz.
  if (kind() != Kind::Idx || !labels_->text().isEmpty()) return;
  QString guess = path_->text();
  guess.replace("images-idx3", "labels-idx1");
  if (guess != path_->text() && QFileInfo::exists(guess)) labels_->setText(guess);
}

void OpenDatasetDialog::updateRows() {
  const Kind k = kind();
  form_->setRowVisible(labelsRow_, k == Kind::Idx || k == Kind::Npy);
  form_->setRowVisible(transposed_, k == Kind::Idx);
  form_->setRowVisible(keys_, k == Kind::Npz);
  form_->setRowVisible(size_, k == Kind::ImageFolder);
  form_->setRowVisible(color_, k == Kind::ImageFolder);
  form_->setRowVisible(fit_, k == Kind::ImageFolder);
  path_->setPlaceholderText(k == Kind::Idx   ? tr("train-images-idx3-ubyte.gz")
                            : k == Kind::Npy ? tr("images.npy")
                            : k == Kind::Npz ? tr("arrays.npz")
                                             : tr("folder"));
  buttons_->button(QDialogButtonBox::Open)->setEnabled(!path_->text().trimmed().isEmpty());
  // Rows a kind does not need are hidden: the dialog gives their height back instead of leaving a gap above
  // its buttons (the user's width stays).
  if (layout() && isVisible()) {
    layout()->activate();
    resize(width(), sizeHint().height());
  }
}

}  // namespace vae
