#include "app/gui/trainingview.h"

#include "app/core/imageconversion.h"
#include "app/export/exportfiles.h"
#include "app/gui/saveimageaction.h"
#include "model/history.h"
#include "widgets/imagegridview.h"
#include "widgets/klbars.h"
#include "widgets/lossplot.h"
#include "widgets/mutualinfoheatmap.h"

#include <QAction>
#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLocale>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace vae {

namespace {
// The largest upscale of the small image grids: a dozen images must not fill the screen.
constexpr int kGridMaxScale = 3;
// Prior samples shown four abreast; at least 28-px images at 1x, never a clipped column.
constexpr int kSampleColumns = 4;
constexpr int kSmallestImageSide = 28;
}  // namespace

TrainingView::TrainingView(QWidget* parent) : QWidget(parent) {
  reconGrid_ = new ImageGridView;
  reconGrid_->setObjectName("reconstructionGrid");
  reconGrid_->setColumns(kReconstructionColumns);
  reconGrid_->setMaxScale(kGridMaxScale);
  auto* reconBox = new QGroupBox(tr("Reconstructions  ·  test images and the model's copy of each"));
  auto* reconLayout = new QVBoxLayout(reconBox);
  reconLayout->addWidget(reconGrid_);
  SaveImageAction::attach(reconGrid_, QStringLiteral("reconstructions"));

  // Top: the curves and, beside them, how the latent space is used. Bottom: what the model produces.
  auto* top = new QWidget;
  auto* topLayout = new QHBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addWidget(createLossBox(), 2);
  topLayout->addWidget(createKlBox(), 1);
  topLayout->addWidget(createMutualInfoBox(), 1);
  auto* bottom = new QWidget;
  auto* bottomLayout = new QHBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  // Reconstructions get the width: at 1400 px the twelve pairs just fit at 2x, which reads far better.
  bottomLayout->addWidget(reconBox, 5);
  bottomLayout->addWidget(createSamplesBox(), 1);
  showKlTerm(true);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->setObjectName("trainingSplitter");
  splitter->addWidget(top);
  splitter->addWidget(bottom);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  // The curves are the main story: start them at 60 % of the height (scaled to the real height).
  splitter->setSizes({600, 400});
  splitter->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);
  clearLiveViews();
}

QWidget* TrainingView::createLossBox() {
  lossPlot_ = new LossPlot;
  lossPlot_->setObjectName("lossPlot");
  auto* box = new QGroupBox(tr("Loss per image (nats, lower is better)"));
  auto* layout = new QVBoxLayout(box);
  lossTools_ = new QHBoxLayout;
  lossTools_->setContentsMargins(0, 0, 0, 0);
  lossTools_->addStretch(1);
  layout->addLayout(lossTools_);
  layout->addWidget(lossPlot_, 1);
  // PNG or PDF by suffix, drawn by QCustomPlot at the plot's size; a temp file keeps the write atomic.
  SaveImageAction::attach(lossPlot_, QStringLiteral("loss"))
      ->setWriter(
          [plot = lossPlot_](const QString& path) {
            saveViaTempFile(path,
                            [plot](const QString& temp) { return plot->saveImage(temp, plot->width(), plot->height()); });
          },
          {QStringLiteral("png"), QStringLiteral("pdf")});
  return box;
}

QWidget* TrainingView::createKlBox() {
  klBars_ = new KlBars;
  klBars_->setObjectName("klBars");
  auto* box = new QGroupBox;
  box->setObjectName("klBox");
  klBox_ = box;
  auto* layout = new QVBoxLayout(box);
  auto* sortKl = new QCheckBox;
  sortKl->setObjectName("sortKlBox");
  sortKlBox_ = sortKl;
  connect(sortKl, &QCheckBox::toggled, klBars_, &KlBars::setSorted);
  layout->addWidget(sortKl);
  layout->addWidget(klBars_, 1);
  SaveImageAction::attach(klBars_, QStringLiteral("kl-per-dimension"));
  return box;
}

QWidget* TrainingView::createMutualInfoBox() {
  mutualInfo_ = new MutualInfoHeatmap;
  mutualInfo_->setObjectName("mutualInfoHeatmap");
  auto* box = new QGroupBox(tr("Disentanglement"));
  box->setObjectName("mutualInfoBox");
  box->setToolTip(tr("Mutual information between each latent dimension and each generative factor on the test "
                     "images, after every epoch. MIG (0 to 1) is high when every factor lives in one dimension "
                     "of its own."));
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(mutualInfo_, 1);
  SaveImageAction::attach(mutualInfo_, QStringLiteral("mutual-information"));
  mutualInfoBox_ = box;
  box->hide();  // until a run on data with generative factors says otherwise
  return box;
}

QWidget* TrainingView::createSamplesBox() {
  samplesGrid_ = new ImageGridView;
  samplesGrid_->setObjectName("sampleGrid");
  samplesGrid_->setColumns(kSampleColumns);
  samplesGrid_->setMaxScale(kGridMaxScale);
  samplesGrid_->setMinimumWidth(ImageGridView::widthFor(kSampleColumns, kSmallestImageSide));
  auto* box = new QGroupBox;
  samplesBox_ = box;
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(samplesGrid_);
  SaveImageAction::attach(samplesGrid_, QStringLiteral("samples"));
  return box;
}

void TrainingView::addRunAction(QAction* action) {
  auto* button = new QToolButton;
  button->setObjectName(action->objectName() + QStringLiteral("Button"));
  button->setDefaultAction(action);
  button->setToolButtonStyle(Qt::ToolButtonTextOnly);
  lossTools_->addWidget(button);
}

void TrainingView::appendSteps(const StepBatch& b) { lossPlot_->appendSteps(b.step, b.total, b.recon, b.kl); }

void TrainingView::appendEpoch(const EpochStats& stats) {
  lossPlot_->appendTestLoss(static_cast<double>(stats.step), stats.epoch, stats.testTotal);
}

void TrainingView::addEvent(const TrainingEvent& e) { addEventMarker(lossPlot_, e.kind, e.step, e.text); }

// A plain autoencoder has no KL term and no prior: the boxes say what they show for it instead.
void TrainingView::showKlTerm(bool hasKl) {
  lossPlot_->setHasKlTerm(hasKl);
  klBox_->setTitle(hasKl ? tr("Latent dimensions  ·  KL near 0 means unused")
                         : tr("Latent dimensions  ·  no KL: how codes vary"));  // no wider: titles set the minimum
  sortKlBox_->setText(hasKl ? tr("Sort by KL") : tr("Sort by spread"));
  sortKlBox_->setToolTip(hasKl ? tr("Order the bars largest KL first: the dimensions the model uses most come first")
                               : tr("Order the bars largest code sd first: the dimensions the codes use most come first"));
  samplesBox_->setTitle(hasKl ? tr("New images") : tr("Images from N(0, I)"));
  samplesGrid_->setToolTip(hasKl ? tr("Decoded from random codes z ~ N(0, I): what the model has learned to invent")
                                 : tr("Decoded from random codes z ~ N(0, I). An autoencoder was never trained to fill "
                                      "N(0, I), so most of these look like none of its training images: compare a VAE in the Compare tab."));
}

void TrainingView::setKl(const KlReport& report) {
  showKlTerm(report.klApplies);
  if (report.klApplies)
    klBars_->setKl(report.klPerDim, report.active, report.collapsed);
  else
    klBars_->setCodeSpread(report.codeSd, report.active);
}

void TrainingView::setMutualInfo(const MutualInfoReport& report) {
  mutualInfoBox_->setVisible(report.applies);
  if (!report.applies) {
    mutualInfo_->clear(tr("Only for datasets with known generative factors (shapes)"));
    return;
  }
  if (report.isEmpty()) {
    mutualInfo_->clear(tr("Appears after the first epoch"));
    return;
  }
  MutualInfoMatrix m;
  m.rows = report.latentDim;
  m.factors = report.factors;
  m.values = report.values;
  m.entropy = report.entropy;
  m.mig = report.mig;
  m.images = report.images;
  mutualInfo_->setMatrix(m);
}

void TrainingView::showReconstructions(const QVector<QImage>& originals, const QVector<QImage>& reconstructions) {
  // Row pairs: inputs [i, i+columns) above their reconstructions.
  QVector<QImage> images;
  QStringList captions;
  const int n = static_cast<int>(std::min(originals.size(), reconstructions.size()));
  for (int begin = 0; begin < n; begin += kReconstructionColumns) {
    const int end = std::min(begin + kReconstructionColumns, n);
    for (int i = begin; i < end; ++i) {
      images.append(originals.at(i));
      captions.append(tr("input"));
    }
    for (int i = begin; i < end; ++i) {
      images.append(reconstructions.at(i));
      captions.append(tr("recon"));
    }
  }
  // Fewer test images than a row (a tiny test split): the row shrinks, so inputs stay above their copies.
  reconGrid_->setColumns(std::max(1, std::min(kReconstructionColumns, n)));
  reconGrid_->setImages(images, captions);
}

void TrainingView::showSamples(const QVector<QImage>& samples) { samplesGrid_->setImages(samples); }

void TrainingView::showSavedRun(const History& history, qint64 step) {
  clearRun();
  plotHistory(lossPlot_, history);
  reconGrid_->setPlaceholderText(tr("Saved at step %1.\nPress Continue Training (F5)\nto see live reconstructions.")
                                     .arg(QLocale().toString(step)));
}

void TrainingView::showWatchedRun(const History& history, bool first) {
  if (first) {
    clearLiveViews();
    plotted_ = PlottedHistory();  // the first version read redraws the plot
    reconGrid_->setPlaceholderText(tr("Reconstructions are shown for runs trained in this window.\n"
                                      "New images show the watched run's samples after its last epoch."));
  }
  plotted_ = updateHistoryPlot(lossPlot_, history, plotted_);
  if (!history.epochImages.empty()) samplesGrid_->setImages(epochImagesToQImages(history.epochImages.back()));
}

void TrainingView::clearRun() {
  lossPlot_->clear();
  mutualInfoBox_->hide();  // the next run says whether its data have factors
  plotted_ = PlottedHistory();
  clearLiveViews();
}

void TrainingView::clearLiveViews() {
  reconGrid_->clear();
  reconGrid_->setPlaceholderText(
      tr("Test images and their reconstructions\nappear here while training.\n%1").arg(tr("Press Start (F5)")));
  samplesGrid_->clear();
  samplesGrid_->setPlaceholderText(tr("Images the model\ninvents appear here."));
  klBars_->clear();
  mutualInfo_->clear(tr("Appears after the first epoch"));
}

}  // namespace vae
