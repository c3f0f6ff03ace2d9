#include "app/mainwindow.h"

#include "app/folderdataset.h"
#include "app/imageconversion.h"
#include "app/opendatasetdialog.h"
#include "model/datasetloaders.h"
#include "widgets/imagegridview.h"
#include "widgets/plotlibrary.h"

#include <torch/version.h>

#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QHeaderView>
#include <QScreen>
#include <QTreeWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QThread>
#include <QVBoxLayout>

#include <mutex>

// Resources live in the static vae_app_core library; nothing references them, so the linker would
// drop them unless initialised explicitly. Q_INIT_RESOURCE must be called outside any namespace.
static void initAppResources() {
  static std::once_flag once;
  std::call_once(once, [] { Q_INIT_RESOURCE(app); });
}

namespace vae {

namespace {
// Width of the dataset summary panel; wide enough for "T-shirt/top  6,000" and long folder names.
constexpr int kSidePanelWidth = 270;
// How long transient status messages stay (ms).
constexpr int kStatusTimeoutMs = 8000;
// Default window size: a full page of 28-pixel images at 3x next to the side panel. Smaller screens get
// kScreenShare of their available area instead.
constexpr QSize kDefaultWindowSize(1400, 900);
constexpr double kScreenShare = 0.9;

QString firstLine(const QString& text) { return text.section('\n', 0, 0); }
}  // namespace

// Filled by the loader thread, read by the GUI thread only after the thread has finished.
struct MainWindow::LoadResult {
  std::shared_ptr<DatasetSplit> split;
  QString error;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("VAE Studio"));
  setWindowIcon(appIcon());
  createCentralWidgets();
  createActions();
  busyBar_ = new QProgressBar;
  busyBar_->setRange(0, 0);  // indeterminate: loaders do not report progress
  busyBar_->setMaximumWidth(160);
  busyBar_->setVisible(false);
  statusBar()->addPermanentWidget(busyBar_);
  statusBar()->showMessage(tr("Ready"));
  showDatasetInfo();
  showPage();
  QSize size = kDefaultWindowSize;
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    size = size.boundedTo(screen->availableGeometry().size() * kScreenShare);
  resize(size);
}

MainWindow::~MainWindow() {
  if (loader_) {
    // A loader cannot be interrupted mid-file; it finishes within seconds. Its result is discarded.
    disconnect(loader_, nullptr, this, nullptr);
    loader_->wait();
    delete loader_;
  }
}

QIcon MainWindow::appIcon() {
  initAppResources();
  QIcon icon;
  for (int size : {32, 64, 128, 256}) icon.addFile(QString(":/icons/vae-studio-%1.png").arg(size), QSize(size, size));
  return icon;
}

QString MainWindow::defaultDatasetSpec() { return fashionMnistInstalled() ? "fashion-mnist" : "shapes"; }

QString MainWindow::describeSpec(const QString& spec) {
  const QString kind = spec.section(':', 0, 0);
  const QString rest = spec.section(':', 1);
  if (kind == "fashion-mnist") return tr("Fashion-MNIST");
  if (kind == "shapes") return tr("Shapes");
  if (kind == "cifar10") return tr("CIFAR-10 (%1)").arg(QFileInfo(rest).fileName());
  if (kind == "idx") return QFileInfo(rest.section(',', 0, 0)).fileName();
  if (kind == "folder") return QFileInfo(rest.section(':', 0, 0)).fileName();
  return spec;
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  openAction_ = file->addAction(QIcon::fromTheme("document-open"), tr("&Open Dataset…"), this,
                                &MainWindow::openDatasetDialog);
  openAction_->setShortcut(QKeySequence::Open);
  openAction_->setStatusTip(tr("Open an IDX file, a CIFAR-10 folder or a folder of images"));

  builtinMenu_ = file->addMenu(tr("&Built-in Datasets"));
  if (fashionMnistInstalled()) {
    QAction* fashion = builtinMenu_->addAction(tr("&Fashion-MNIST"), this, [this] { loadDataset("fashion-mnist"); });
    fashion->setStatusTip(tr("70,000 clothing images, 28×28 gray, 10 classes"));
  }
  QAction* shapes = builtinMenu_->addAction(tr("&Shapes"), this, [this] { loadDataset("shapes"); });
  shapes->setStatusTip(tr("Generated squares, ellipses and hearts with known factors, 28×28 gray"));

  file->addSeparator();
  QAction* quit = file->addAction(QIcon::fromTheme("application-exit"), tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  // QKeySequence::Quit is empty on some platforms; Ctrl+Q is what users expect everywhere.
  if (quit->shortcut().isEmpty()) quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  previousAction_ = view->addAction(tr("&Previous Page"), this, &MainWindow::previousPage);
  previousAction_->setShortcut(QKeySequence(Qt::Key_PageUp));
  nextAction_ = view->addAction(tr("&Next Page"), this, &MainWindow::nextPage);
  nextAction_->setShortcut(QKeySequence(Qt::Key_PageDown));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About VAE Studio"), this, &MainWindow::showAbout);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createCentralWidgets() {
  // Left: what the dataset is.
  nameValue_ = new QLabel;
  trainValue_ = new QLabel;
  testValue_ = new QLabel;
  sizeValue_ = new QLabel;
  for (QLabel* value : {nameValue_, trainValue_, testValue_, sizeValue_}) {
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
  }
  auto* infoBox = new QGroupBox(tr("Dataset"));
  auto* form = new QFormLayout(infoBox);
  form->addRow(tr("Name:"), nameValue_);
  form->addRow(tr("Training images:"), trainValue_);
  form->addRow(tr("Test images:"), testValue_);
  form->addRow(tr("Image size:"), sizeValue_);

  classList_ = new QTreeWidget;
  classList_->setColumnCount(2);
  classList_->setHeaderLabels({tr("Class"), tr("Images")});
  classList_->setRootIsDecorated(false);
  classList_->setSelectionMode(QAbstractItemView::NoSelection);
  classList_->setFocusPolicy(Qt::NoFocus);
  classList_->header()->setStretchLastSection(false);
  classList_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  classList_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  classList_->headerItem()->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
  auto* classBox = new QGroupBox(tr("Classes (training images)"));
  auto* classLayout = new QVBoxLayout(classBox);
  classLayout->addWidget(classList_);

  auto* openButton = new QPushButton(QIcon::fromTheme("document-open"), tr("Open Dataset…"));
  connect(openButton, &QPushButton::clicked, this, &MainWindow::openDatasetDialog);

  auto* side = new QWidget;
  side->setFixedWidth(kSidePanelWidth);
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  sideLayout->addWidget(infoBox);
  sideLayout->addWidget(classBox, 1);
  sideLayout->addWidget(openButton);

  // Centre: a page of training images with their labels.
  grid_ = new ImageGridView;
  grid_->setObjectName("datasetGrid");
  connect(grid_, &ImageGridView::imageActivated, this, &MainWindow::showImageDetails);

  previousButton_ = new QPushButton(tr("◀ Previous"));
  previousButton_->setToolTip(tr("Previous page (Page Up)"));
  nextButton_ = new QPushButton(tr("Next ▶"));
  nextButton_->setToolTip(tr("Next page (Page Down)"));
  pageLabel_ = new QLabel;
  pageLabel_->setAlignment(Qt::AlignCenter);
  connect(previousButton_, &QPushButton::clicked, this, &MainWindow::previousPage);
  connect(nextButton_, &QPushButton::clicked, this, &MainWindow::nextPage);
  auto* pager = new QHBoxLayout;
  pager->addWidget(previousButton_);
  pager->addWidget(pageLabel_, 1);
  pager->addWidget(nextButton_);

  auto* gridBox = new QGroupBox(tr("Training images  (click an image to see its number and label)"));
  auto* gridLayout = new QVBoxLayout(gridBox);
  gridLayout->addWidget(grid_, 1);
  gridLayout->addLayout(pager);

  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  layout->addWidget(side);
  layout->addWidget(gridBox, 1);
  setCentralWidget(central);
}

void MainWindow::loadDataset(const QString& spec) {
  if (loader_) {
    pendingSpec_ = spec;
    setBusy(true, tr("Loading %1… (after %2)").arg(describeSpec(spec), describeSpec(loadingSpec_)));
    return;
  }
  startLoading(spec);
}

void MainWindow::startLoading(const QString& spec) {
  loadingSpec_ = spec;
  auto result = std::make_shared<LoadResult>();
  const std::string specText = spec.toStdString();
  loader_ = QThread::create([result, specText] {
    // Errors cross back as text: an exception must never leave this thread.
    try {
      result->split = std::make_shared<DatasetSplit>(loadDatasetSpecWithFolders(specText));
    } catch (const c10::Error& e) {
      result->error = QString::fromStdString(e.what_without_backtrace());
    } catch (const std::exception& e) {
      result->error = QString::fromStdString(e.what());
    } catch (...) {
      result->error = QStringLiteral("%1: unknown error while loading").arg(QString::fromStdString(specText));
    }
  });
  // finished is emitted by the loader thread; the receiver lives here, so the slot runs on the GUI thread.
  connect(loader_, &QThread::finished, this, [this, result] { finishLoading(result); });
  setBusy(true, tr("Loading %1…").arg(describeSpec(spec)));
  loader_->start();
}

void MainWindow::finishLoading(const std::shared_ptr<LoadResult>& result) {
  loader_->deleteLater();
  loader_ = nullptr;
  if (!pendingSpec_.isEmpty()) {
    // A newer request arrived while this one ran: the user wants that one, not this result.
    const QString next = pendingSpec_;
    pendingSpec_.clear();
    startLoading(next);
    return;
  }
  setBusy(false, {});
  if (!result->split) {
    showError(result->error.isEmpty() ? tr("%1: unknown error while loading").arg(loadingSpec_) : result->error);
    return;
  }
  dataset_ = result->split;
  page_ = 0;
  showDatasetInfo();
  showPage();
  const QString name = nameValue_->text();
  statusBar()->showMessage(tr("Loaded %1: %2 training and %3 test images")
                               .arg(name, QLocale().toString(static_cast<qint64>(dataset_->train.size())),
                                    QLocale().toString(static_cast<qint64>(dataset_->test.size()))));
  Q_EMIT datasetLoaded(name);
}

void MainWindow::setBusy(bool busy, const QString& message) {
  busyBar_->setVisible(busy);
  if (busy) {
    statusBar()->showMessage(message);
    if (!dataset_) grid_->setPlaceholderText(message);
  } else {
    statusBar()->clearMessage();
  }
}

void MainWindow::showError(const QString& message) {
  if (!dataset_)
    grid_->setPlaceholderText(tr("Could not load the dataset.\nUse File → Open Dataset… or a built-in dataset."));
  statusBar()->showMessage(tr("Could not load dataset: %1").arg(firstLine(message)));
  if (showErrorDialogs_) {
    // open() instead of exec(): window-modal without a nested event loop, so nothing waits on the user.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Could Not Load Dataset"),
                                tr("The dataset could not be loaded."), QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  Q_EMIT datasetFailed(message);
}

void MainWindow::showDatasetInfo() {
  classList_->clear();
  if (!dataset_) {
    for (QLabel* value : {nameValue_, trainValue_, testValue_, sizeValue_}) value->setText(tr("—"));
    grid_->setPlaceholderText(tr("No dataset loaded.\nUse File → Open Dataset… or File → Built-in Datasets."));
    return;
  }
  const Dataset& train = dataset_->train;
  QString name = QString::fromStdString(train.name);
  // Loaders name the split ("Fashion-MNIST (train)"); the panel describes the whole dataset.
  if (name.endsWith(" (train)")) name.chop(8);
  nameValue_->setText(name);
  nameValue_->setToolTip(QString::fromStdString(train.identity));
  const QLocale locale;
  trainValue_->setText(locale.toString(static_cast<qint64>(train.size())));
  testValue_->setText(locale.toString(static_cast<qint64>(dataset_->test.size())));
  if (train.size() > 0) {
    sizeValue_->setText(tr("%1 × %2 × %3 (%4)")
                            .arg(train.channels())
                            .arg(train.height())
                            .arg(train.width())
                            .arg(train.channels() == 1 ? tr("gray") : tr("RGB")));
  } else {
    sizeValue_->setText(tr("—"));
  }

  if (!train.hasLabels()) {
    classList_->addTopLevelItem(new QTreeWidgetItem(QStringList{tr("(unlabelled)")}));
    return;
  }
  const torch::Tensor counts = torch::bincount(train.labels);
  const int64_t classes = std::max<int64_t>(counts.size(0), static_cast<int64_t>(train.classNames.size()));
  for (int64_t c = 0; c < classes; ++c) {
    const QString className = c < static_cast<int64_t>(train.classNames.size())
                                  ? QString::fromStdString(train.classNames[static_cast<size_t>(c)])
                                  : QString::number(c);
    const int64_t n = c < counts.size(0) ? counts[c].item<int64_t>() : 0;
    auto* item = new QTreeWidgetItem(QStringList{className, locale.toString(static_cast<qint64>(n))});
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    classList_->addTopLevelItem(item);
  }
}

int MainWindow::pageCount() const {
  if (!dataset_) return 0;
  return static_cast<int>((dataset_->train.size() + kPageSize - 1) / kPageSize);
}

void MainWindow::setPage(int page) {
  const int pages = pageCount();
  const int clamped = pages == 0 ? 0 : std::clamp(page, 0, pages - 1);
  if (clamped == page_ && grid_->count() > 0) return;
  page_ = clamped;
  showPage();
}

void MainWindow::nextPage() { setPage(page_ + 1); }
void MainWindow::previousPage() { setPage(page_ - 1); }

void MainWindow::showPage() {
  const int pages = pageCount();
  if (!dataset_ || pages == 0) {
    grid_->clear();
    pageLabel_->setText(tr("No images"));
  } else {
    const Dataset& train = dataset_->train;
    const int64_t begin = static_cast<int64_t>(page_) * kPageSize;
    const int64_t end = std::min<int64_t>(begin + kPageSize, train.size());
    QStringList captions;
    for (int64_t i = begin; i < end; ++i) captions.append(QString::fromStdString(train.labelName(i)));
    grid_->setImages(tensorToImages(train.images.slice(0, begin, end)), captions);
    const QLocale locale;
    pageLabel_->setText(tr("Page %1 of %2  ·  images %3–%4 of %5")
                            .arg(locale.toString(page_ + 1), locale.toString(pages),
                                 locale.toString(static_cast<qint64>(begin + 1)),
                                 locale.toString(static_cast<qint64>(end)),
                                 locale.toString(static_cast<qint64>(train.size()))));
  }
  previousAction_->setEnabled(page_ > 0);
  nextAction_->setEnabled(page_ + 1 < pages);
  previousButton_->setEnabled(page_ > 0);
  nextButton_->setEnabled(page_ + 1 < pages);
}

void MainWindow::showImageDetails(int indexOnPage) {
  if (!dataset_) return;
  const int64_t index = static_cast<int64_t>(page_) * kPageSize + indexOnPage;
  const Dataset& train = dataset_->train;
  if (index >= train.size()) return;
  const QString label = QString::fromStdString(train.labelName(index));
  statusBar()->showMessage(label.isEmpty() ? tr("Training image %1").arg(QLocale().toString(static_cast<qint64>(index + 1)))
                                           : tr("Training image %1: %2")
                                                 .arg(QLocale().toString(static_cast<qint64>(index + 1)), label),
                           kStatusTimeoutMs);
}

void MainWindow::openDatasetDialog() {
  auto* dialog = new OpenDatasetDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const QString spec = dialog->spec();
    if (!spec.isEmpty()) loadDataset(spec);
  });
  dialog->open();
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About VAE Studio"),
      tr("<h3>VAE Studio %1</h3>"
         "<p>Train a variational autoencoder and explore its latent space.</p>"
         "<p>Qt %2 (built with %3)<br>LibTorch %4<br>QCustomPlot %5</p>")
          .arg(QStringLiteral(VAE_STUDIO_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
               QStringLiteral(TORCH_VERSION), qcustomplotVersion()));
}

}  // namespace vae
