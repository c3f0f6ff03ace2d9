#include "app/gui/comparepanel.h"

#include "app/core/codespread.h"
#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/export/comparerunner.h"
#include "app/gui/comparerunlist.h"
#include "app/gui/runfiledialogs.h"
#include "model/checkpoint.h"
#include "widgets/comparecurves.h"
#include "widgets/imagegridview.h"
#include "widgets/latentsliders.h"
#include "widgets/wrappinglabel.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace vae {

namespace {
constexpr char kRunSuffix[] = ".vaestudio";
// A new snapshot of the window's run at most this often: epochs of a small dataset end several times a second.
constexpr int kLiveRefreshMs = 500;
// The decoded images of the sliders: up to 8x, a 28 px image as large as the Explore tab's on a wide window
// (the view picks the largest factor that fits, so four still sit side by side in a narrow one).
constexpr int kDecodedMaxScale = 8;

enum Column { kName, kKind, kLatent, kRecon, kKl, kElbo, kActive, kAggregateKl, kMig, kColumns };

// A picture scaled to fit its widget: whole-number factors (crisp pixels) when it is smaller, smooth when larger.
class FitImageView : public QWidget {
 public:
  void setImage(const QImage& image) {
    image_ = image;
    update();
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    if (image_.isNull()) return;
    QPainter painter(this);
    const double fit = std::min(double(width()) / image_.width(), double(height()) / image_.height());
    const double factor = fit >= 1 ? std::floor(fit) : fit;
    const QSize size = (QSizeF(image_.size()) * factor).toSize();
    const QRect target(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, factor < 1);
    painter.drawImage(target, image_);
  }

 private:
  QImage image_;
};

QStringList droppedRuns(const QMimeData* mime) {
  QStringList paths;
  if (!mime || !mime->hasUrls()) return paths;
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(kRunSuffix), Qt::CaseInsensitive))
      paths << url.toLocalFile();
  return paths;
}

QString number(double value) { return QLocale().toString(value, 'f', 2); }

QTableWidgetItem* cell(const QString& text, bool numeric) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
  if (numeric) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

// A gray stand-in for a run that does not decode the sliders' z, as large as its images.
QImage standIn(const VaeConfig& config) {
  QImage image(static_cast<int>(config.width), static_cast<int>(config.height), QImage::Format_RGB32);
  image.fill(QColor(128, 128, 128));
  return image;
}
}  // namespace

ComparePanel::ComparePanel(TrainingController* training, RunDocument* document, QWidget* parent)
    : QWidget(parent), training_(training), document_(document) {
  setAcceptDrops(true);
  runner_ = new CompareRunner(this);
  liveTimer_ = new QTimer(this);
  liveTimer_->setSingleShot(true);
  liveTimer_->setInterval(kLiveRefreshMs);
  connect(liveTimer_, &QTimer::timeout, this, &ComparePanel::refreshLive);

  runList_ = new CompareRunList;
  connect(runList_, &CompareRunList::addRequested, this, &ComparePanel::addRunDialog);
  connect(runList_, &CompareRunList::removeRequested, this, &ComparePanel::removeRun);
  busyBar_ = new QProgressBar;
  busyBar_->setRange(0, 0);  // busy: how long a score takes is not known
  busyBar_->setMaximumWidth(120);
  busyBar_->setTextVisible(false);
  busyLabel_ = new WrappingLabel;
  auto* busyRow = new QHBoxLayout;
  busyRow->addWidget(busyBar_);
  busyRow->addWidget(busyLabel_, 1);

  views_ = new QTabWidget;
  views_->addTab(createScoresPage(), tr("Curves and Scores"));
  views_->addTab(createPicturesPage(), tr("Pictures"));
  views_->addTab(createSlidersPage(), tr("Latent Sliders"));

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(runList_);
  layout->addLayout(busyRow);
  layout->addWidget(views_, 1);
  connectRunner();
  connectLiveRun();
  onRunsChanged();
}

ComparePanel::~ComparePanel() = default;

QWidget* ComparePanel::createScoresPage() {
  curves_ = new CompareCurves;
  table_ = new QTableWidget(0, kColumns);
  table_->setHorizontalHeaderLabels({tr("Run"), tr("Kind"), tr("Latent"), tr("Recon"), tr("KL"), tr("−ELBO"),
                                     tr("Active units"), tr("Aggregate KL"), tr("MIG")});
  table_->horizontalHeaderItem(kRecon)->setToolTip(tr("Test reconstruction loss, nats per image"));
  table_->horizontalHeaderItem(kKl)->setToolTip(tr("KL(q(z|x) ‖ N(0, I)) on the test images, nats per image"));
  table_->horizontalHeaderItem(kElbo)->setToolTip(tr("Test −ELBO (reconstruction + KL), nats per image; a plain "
                                                     "autoencoder has none"));
  table_->horizontalHeaderItem(kAggregateKl)->setToolTip(
      tr("How far the test codes as a whole are from the prior N(0, I), nats: 0 means they fill it"));
  table_->horizontalHeaderItem(kMig)->setToolTip(
      tr("Mutual information gap (0 to 1) of the test codes: high when each generative factor lives in one "
         "dimension of its own; only for data with known factors (shapes)"));
  table_->verticalHeader()->hide();
  // The numbers as wide as they need; the run's name takes the rest.
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  tableNote_ = new WrappingLabel;
  auto* below = new QWidget;
  auto* belowLayout = new QVBoxLayout(below);
  belowLayout->setContentsMargins(0, 0, 0, 0);
  belowLayout->addWidget(table_, 1);
  belowLayout->addWidget(tableNote_);
  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(curves_);
  split->addWidget(below);
  split->setStretchFactor(0, 2);  // the table's four rows need less than the plot
  split->setStretchFactor(1, 1);
  split->setChildrenCollapsible(false);
  return split;
}

QWidget* ComparePanel::createPicturesPage() {
  chooser_ = new QComboBox;
  chooser_->addItem(tr("Prior samples"), static_cast<int>(CompareWhat::Samples));
  chooser_->addItem(tr("Decoded grid over z0 and z1"), static_cast<int>(CompareWhat::Grid));
  chooser_->addItem(tr("Test codes over z0 and z1"), static_cast<int>(CompareWhat::Scatter));
  chooser_->addItem(tr("Interpolation between two test images"), static_cast<int>(CompareWhat::Interpolation));
  connect(chooser_, &QComboBox::currentIndexChanged, this, &ComparePanel::requestPicture);
  auto* chooserLabel = new QLabel(tr("Show:"));
  chooserLabel->setBuddy(chooser_);
  auto* row = new QHBoxLayout;
  row->addWidget(chooserLabel);
  row->addWidget(chooser_);
  row->addStretch(1);
  pictureView_ = new FitImageView;
  pictureView_->setMinimumSize(200, 150);
  pictureNote_ = new WrappingLabel;
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->addLayout(row);
  layout->addWidget(pictureNote_);
  layout->addWidget(pictureView_, 1);
  return page;
}

QWidget* ComparePanel::createSlidersPage() {
  sliders_ = new LatentSliders;
  connect(sliders_, &LatentSliders::zChanged, this, [this](const QVector<double>& z) {
    if (entries_.size() >= Comparer::kMinRuns) decodeId_ = runner_->requestDecode(z);
  });
  decoded_ = new ImageGridView;
  decoded_->setObjectName("compareDecoded");
  decoded_->setMaxScale(kDecodedMaxScale);
  notFollowing_ = new WrappingLabel;
  auto* right = new QVBoxLayout;
  right->addWidget(decoded_, 1);
  right->addWidget(notFollowing_);
  slidersNote_ = new WrappingLabel;
  slidersNote_->setForegroundRole(QPalette::PlaceholderText);
  auto* left = new QVBoxLayout;
  left->addWidget(sliders_, 1);
  left->addWidget(slidersNote_);
  auto* page = new QWidget;
  auto* layout = new QHBoxLayout(page);
  layout->addLayout(left);
  layout->addLayout(right, 1);
  return page;
}

void ComparePanel::connectRunner() {
  connect(runner_, &CompareRunner::loaded, this, &ComparePanel::onLoaded);
  connect(runner_, &CompareRunner::loadFailed, this, [this](const QString& path, const QString& error) {
    loading_.removeOne(path);
    updateBusy();
    Q_EMIT failed(tr("Could Not Add Run"),
                  tr("%1 could not be added to the comparison.").arg(QFileInfo(path).fileName()), error);
  });
  connect(runner_, &CompareRunner::tableReady, this, [this](quint64 generation, const QVector<CompareRow>& rows) {
    if (generation != tableGeneration_) return;
    tablePending_ = false;
    showTable(rows);
    updateBusy();
  });
  connect(runner_, &CompareRunner::tableFailed, this, [this](quint64 generation, const QString& error) {
    if (generation != tableGeneration_) return;
    tablePending_ = false;
    showTable({});
    tableNote_->setText(tr("The runs could not be scored: %1").arg(error));
    updateBusy();
  });
  connect(runner_, &CompareRunner::pictureReady, this, [this](quint64 id, const QImage& image) {
    if (id == pictureId_) showPicture(image);
  });
  connect(runner_, &CompareRunner::scatterReady, this, [this](quint64 id, const QVector<CompareScatter>& scatters) {
    if (id != pictureId_) return;
    CompareOptions options;
    options.what = CompareWhat::Scatter;
    showPicture(Comparer::scatterSheet(scatters, options));  // drawn with a widget: here, on the GUI thread
  });
  connect(runner_, &CompareRunner::pictureFailed, this, [this](quint64 id, const QString& error) {
    if (id != pictureId_) return;
    showPicture({});
    pictureNote_->setText(tr("The picture could not be made: %1").arg(error));
  });
  connect(runner_, &CompareRunner::decoded, this, [this](quint64 id, const QVector<QImage>& images) {
    if (id == decodeId_) showDecoded(images);
  });
}

// --- the window's own run --------------------------------------------------------------------------------

void ComparePanel::connectLiveRun() {
  connect(training_, &TrainingController::epochFinished, this, &ComparePanel::scheduleLiveRefresh);
  connect(training_, &TrainingController::ended, this, &ComparePanel::scheduleLiveRefresh);
  connect(document_, &RunDocument::changed, this, &ComparePanel::scheduleLiveRefresh);
  connect(document_, &RunDocument::opened, this, &ComparePanel::scheduleLiveRefresh);
  connect(document_, &RunDocument::watchedVersion, this, &ComparePanel::scheduleLiveRefresh);
  connect(training_, &TrainingController::captured, this, [this](const CheckpointPtr& checkpoint, const QString&) {
    if (!awaitingCapture_) return;  // the Export menu's
    awaitingCapture_ = false;
    if (checkpoint) setLive(checkpoint);
  });
}

// A hidden tab takes no snapshots: the training thread's time is not spent on a view nobody sees.
void ComparePanel::scheduleLiveRefresh() {
  if (!isVisible()) {
    liveDirty_ = true;
    return;
  }
  if (!liveTimer_->isActive()) liveTimer_->start();
}

void ComparePanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (liveDirty_) {
    liveDirty_ = false;
    refreshLive();
  }
}

void ComparePanel::refreshLive() {
  if (const CheckpointPtr opened = document_->openedRun()) {
    setLive(opened);
  } else if (training_->hasRun()) {
    // The run's weights and history, captured at the worker's next step boundary (answered by captured).
    awaitingCapture_ = true;
    training_->requestCapture();
  } else {
    setLive(nullptr);
  }
}

QString ComparePanel::liveName() const {
  return document_->path().isEmpty() ? tr("live run") : QFileInfo(document_->path()).completeBaseName();
}

void ComparePanel::setLive(const CheckpointPtr& checkpoint) {
  const bool hasLive = !entries_.isEmpty() && entries_.front().live;
  const bool renamed = hasLive && entries_.front().run.name != liveName();  // saved under a name since
  if (checkpoint == liveSource_ && (hasLive || !checkpoint) && !renamed) return;
  liveSource_ = checkpoint;
  if (!checkpoint) {
    if (!hasLive) return;
    entries_.removeFirst();
  } else if (hasLive) {
    entries_.front().run = CompareRun{liveName(), document_->path(), *checkpoint};
  } else if (entries_.size() < Comparer::kMaxRuns) {
    entries_.prepend(Entry{CompareRun{liveName(), document_->path(), *checkpoint}, /*live=*/true});
  } else {
    Q_EMIT message(tr("The window's run is not compared: the comparison already holds %1 runs").arg(Comparer::kMaxRuns));
    return;
  }
  onRunsChanged();
}

// --- runs --------------------------------------------------------------------------------------------------

void ComparePanel::setDataset(const std::shared_ptr<const DatasetSplit>& data) {
  dataset_ = data;
  if (entries_.size() >= Comparer::kMinRuns) onRunsChanged();
}

void ComparePanel::addRunDialog() {
  QString near;
  for (const Entry& e : entries_)
    if (!e.run.path.isEmpty()) near = e.run.path;
  showAddCompareRunsDialog(this, near.isEmpty() ? document_->path() : near, [this](const QStringList& paths) {
    for (const QString& path : paths) addRunFile(path);
  });
}

void ComparePanel::addRunFile(const QString& path) {
  const QString name = QFileInfo(path).fileName();
  if (entries_.size() + loading_.size() >= Comparer::kMaxRuns) {
    Q_EMIT failed(tr("Too Many Runs"), tr("%1 was not added: the comparison holds at most %2 runs.")
                                           .arg(name).arg(Comparer::kMaxRuns),
                  tr("Remove a run first."));
    return;
  }
  loading_ << path;
  runner_->requestLoad(path);
  updateBusy();
}

void ComparePanel::onLoaded(const QString& path, const CompareRun& run) {
  loading_.removeOne(path);
  if (entries_.size() >= Comparer::kMaxRuns) {  // the window's run came in meanwhile
    updateBusy();
    Q_EMIT failed(tr("Too Many Runs"), tr("%1 was not added: the comparison holds at most %2 runs.")
                                           .arg(QFileInfo(path).fileName()).arg(Comparer::kMaxRuns),
                  tr("Remove a run first."));
    return;
  }
  entries_ << Entry{run, /*live=*/false};
  Q_EMIT message(tr("Added %1 to the comparison").arg(run.name));
  onRunsChanged();
}

void ComparePanel::removeRun(int index) {
  if (index < 0 || index >= entries_.size() || entries_[index].live) return;
  entries_.removeAt(index);
  onRunsChanged();
}

QStringList ComparePanel::runNames() const {
  QStringList names;
  for (const Entry& e : entries_) names << e.run.name;
  return distinctRunNames(names);
}

QVector<CompareRun> ComparePanel::runs() const {
  const QStringList names = runNames();
  QVector<CompareRun> runs;
  for (int i = 0; i < entries_.size(); ++i) {
    runs << entries_[i].run;
    runs.last().name = names[i];
  }
  return runs;
}

// Every view follows a new set of runs: the list and curves at once, the rest from the runner's thread.
void ComparePanel::onRunsChanged() {
  showRunList();
  QVector<CompareCurve> curves;
  for (const CompareRun& run : runs()) curves << curveOf(run);
  curves_->setCurves(curves);
  const bool enough = entries_.size() >= Comparer::kMinRuns;
  tableGeneration_ = runner_->setRuns(enough ? runs() : QVector<CompareRun>{}, dataset_);
  tablePending_ = enough;
  showTable({});
  const QString addMore = tr("Add a saved run to compare: File → Add Run to Compare…, Add Run… above, or drop "
                             ".vaestudio files on this tab.");
  tableNote_->setText(enough ? QString() : addMore);
  pictureNote_->setText(enough ? QString() : addMore);
  showPicture({});
  if (enough) {
    requestPicture();
    const int latent = static_cast<int>(entries_.front().run.checkpoint.modelConfig.latentDim);
    if (sliders_->dimensions() != latent)
      sliders_->setDimensions(latent);  // emits zChanged: decoded
    else
      decodeId_ = runner_->requestDecode(sliders_->z());
  } else {
    decoded_->clear();
    decoded_->setPlaceholderText(addMore);
    notFollowing_->clear();
  }
  updateBusy();
  Q_EMIT runsChanged();
}

void ComparePanel::showRunList() {
  QVector<CompareRunList::Entry> rows;
  const QStringList names = runNames();
  for (int i = 0; i < entries_.size(); ++i) {
    const CompareRun& run = entries_[i].run;
    const VaeConfig& c = run.checkpoint.modelConfig;
    const QString kind = c.kind == ModelKind::Autoencoder   ? tr("autoencoder")
                         : c.kind == ModelKind::Conditional ? tr("conditional VAE")
                                                            : tr("VAE");
    QString details = tr("%1 · %2-d latent · epoch %3")
                          .arg(kind)
                          .arg(c.latentDim)
                          .arg(run.checkpoint.history.epochs.size());
    details += entries_[i].live ? tr(" · the window's run") : QStringLiteral(" · ") + QDir::toNativeSeparators(run.path);
    rows << CompareRunList::Entry{names[i], details, curves_->runColour(i), !entries_[i].live};
  }
  runList_->setEntries(rows);
  runList_->setAddEnabled(entries_.size() < Comparer::kMaxRuns,
                          tr("The comparison holds at most %1 runs: remove one first").arg(Comparer::kMaxRuns));
}

void ComparePanel::showTable(const QVector<CompareRow>& rows) {
  table_->setRowCount(rows.size());
  for (int r = 0; r < rows.size(); ++r) {
    const CompareRow& row = rows[r];
    table_->setItem(r, kName, cell(row.name, false));
    const QString kind = row.kind == QLatin1String("autoencoder") ? tr("autoencoder")
                         : row.kind == QLatin1String("cvae")      ? tr("conditional VAE")
                                                                  : tr("VAE");
    table_->setItem(r, kKind, cell(kind, false));
    table_->setItem(r, kLatent, cell(QLocale().toString(row.latentDim), true));
    table_->setItem(r, kRecon, cell(number(row.recon), true));
    const bool autoencoder = row.kind == QLatin1String("autoencoder");
    table_->setItem(r, kKl, cell(autoencoder ? QStringLiteral("—") : number(row.kl), true));  // it has no KL term
    table_->setItem(r, kElbo, cell(row.negElbo ? number(*row.negElbo) : QStringLiteral("—"), true));
    QTableWidgetItem* active = cell(QStringLiteral("%1 / %2").arg(row.activeUnits).arg(row.latentDim), true);
    // All the test images here; the Training tab counts on its first few hundred, so the two may differ by a unit
    // or two near the threshold.
    active->setToolTip(tr("Active by the rule %1, on all %2 test images").arg(row.activeRule).arg(row.images));
    table_->setItem(r, kActive, active);
    table_->setItem(r, kAggregateKl, cell(number(row.aggregateKl), true));
    table_->setItem(r, kMig, cell(row.mig ? QLocale().toString(*row.mig, 'f', 2) : QStringLiteral("—"), true));
  }
  if (!rows.isEmpty())
    tableNote_->setText(tr("Scored on the same test images (%1); nats per image.")
                            .arg(QLocale().toString(static_cast<qint64>(rows.front().images))));
  showSliderMeasures(rows);
}

// One set of sliders drives every run, but each run uses its dimensions differently: the sliders show the first
// following run's KL (or an autoencoder's code sd) and say whose it is.
void ComparePanel::showSliderMeasures(const QVector<CompareRow>& rows) {
  for (const CompareRow& row : rows) {
    if (row.latentDim != sliders_->dimensions()) continue;
    const KlReport report = row.dimensionReport();
    if (report.klApplies) {
      sliders_->setKl(report.klPerDim, report.active);
      slidersNote_->setText(tr("Beside each slider: the KL per dimension of %1 (nats).").arg(row.name));
    } else {
      // An autoencoder has no prior: the sliders span its codes (mean ± 3 sd) and start at their mean.
      sliders_->setRange(sliderRangeFor(CodeSpread{report.codeMean, report.codeSd}));
      sliders_->setCodeSpread(report.codeMean, report.codeSd, report.active);
      if (sliders_->z() == QVector<double>(sliders_->dimensions(), 0.0)) sliders_->reset();
      slidersNote_->setText(tr("Beside each slider: the code sd per dimension of %1 (an autoencoder has no KL).")
                                .arg(row.name));
    }
    return;
  }
  sliders_->setKl({}, {});
  slidersNote_->setText(rows.isEmpty() ? QString() : tr("No run has as many dimensions as the sliders."));
}

// --- pictures and sliders ------------------------------------------------------------------------------------

void ComparePanel::requestPicture() {
  if (entries_.size() < Comparer::kMinRuns) return;
  CompareOptions options;
  options.what = static_cast<CompareWhat>(chooser_->currentData().toInt());
  // The view fits the sheet into its room (whole factors up, smoothly down): samples and interpolation strips
  // are small at 1x, grids and scatters of four runs already wide.
  const bool small = options.what == CompareWhat::Samples || options.what == CompareWhat::Interpolation;
  options.scale = small ? 2 : 1;
  pictureId_ = runner_->requestPicture(options);
  picturePending_ = true;
  pictureNote_->clear();
  updateBusy();
}

void ComparePanel::showPicture(const QImage& image) {
  picture_ = image;
  static_cast<FitImageView*>(pictureView_)->setImage(image);
  picturePending_ = false;
  updateBusy();
}

void ComparePanel::showDecoded(const QVector<QImage>& images) {
  QVector<QImage> shown;
  QStringList captions, reasons;
  const QStringList names = runNames();
  for (int i = 0; i < entries_.size() && i < images.size(); ++i) {
    const CompareRun& run = entries_[i].run;
    captions << names[i];
    if (!images[i].isNull()) {
      shown << images[i];
      continue;
    }
    shown << standIn(run.checkpoint.modelConfig);
    captions.last() = tr("%1 (%2-d)").arg(names[i]).arg(run.checkpoint.modelConfig.latentDim);
    reasons << tr("%1 does not follow the sliders: its latent space has %2 dimensions, the sliders %3.")
                   .arg(names[i])
                   .arg(run.checkpoint.modelConfig.latentDim)
                   .arg(sliders_->dimensions());
  }
  decoded_->setImages(shown, captions);
  notFollowing_->setText(reasons.join(QLatin1Char('\n')));
}

QString ComparePanel::notFollowingText() const { return notFollowing_->text(); }

QString ComparePanel::slidersNoteText() const { return slidersNote_->text(); }

// --- busy state and drops ------------------------------------------------------------------------------------

QString ComparePanel::busyText() const {
  QStringList doing;
  for (const QString& path : loading_) doing << tr("reading %1").arg(QFileInfo(path).fileName());
  if (tablePending_) doing << tr("scoring the runs on the test images");
  if (picturePending_) doing << tr("drawing the pictures");
  return doing.isEmpty() ? QString() : tr("Working: %1…").arg(doing.join(tr(", ")));
}

bool ComparePanel::isBusy() const { return !busyText().isEmpty(); }

void ComparePanel::updateBusy() {
  const QString text = busyText();
  busyLabel_->setText(text);
  busyBar_->setVisible(!text.isEmpty());
  busyLabel_->setVisible(!text.isEmpty());
}

void ComparePanel::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedRuns(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void ComparePanel::dropEvent(QDropEvent* event) {
  const QStringList paths = droppedRuns(event->mimeData());
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  for (const QString& path : paths) addRunFile(path);
}

}  // namespace vae
