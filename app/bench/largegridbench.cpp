#include "app/bench/largegridbench.h"

#include "app/bench/benchsupport.h"
#include "app/cli/clicommon.h"
#include "app/core/explorestate.h"
#include "app/core/latentdecoder.h"
#include "app/gui/explorepanel.h"
#include "app/gui/latentplanepanel.h"
#include "model/vae.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QSlider>
#include <QThread>

#include <random>

namespace vae {

namespace {
constexpr int kGridSize = 30;
constexpr int kImageSize = 64;
constexpr int kLatentDim = 16;
// A held arrow key repeats at about this interval (X11 and Windows default to 25-33 per second).
constexpr qint64 kKeyRepeatNs = 33'000'000;
constexpr size_t kMinPresses = 200;
// The first 30x30 grid, decoded on one core: generous for a slow machine.
constexpr int kFirstGridTimeoutMs = 60000;
constexpr unsigned kDimensionSeed = 20261206;

DecoderSnapshotPtr untrainedConvRgb64() {
  VaeConfig config;
  config.architecture = Architecture::Conv;
  config.channels = 3;
  config.height = config.width = kImageSize;
  config.latentDim = kLatentDim;
  Vae model = makeUntrainedVae(config);
  auto snapshot = std::make_shared<DecoderSnapshot>();
  snapshot->config = config;
  for (const auto& item : model->named_parameters()) snapshot->parameters.push_back(item.value().detach().clone());
  return snapshot;
}
}  // namespace

LargeGridFigures measureSliderUnderLargeGrid(double seconds) {
  LargeGridFigures f;
  ExplorePanel panel;
  panel.resize(1600, 1000);
  panel.show();
  panel.setSnapshot(untrainedConvRgb64());
  panel.latentPlane()->showView(0);  // the grid
  LatentGridView* grid = panel.grid();
  grid->setGridSize(kGridSize);
  const auto fullGrid = [grid] { return grid->imageCount() == kGridSize * kGridSize; };
  if (!waitUntil(fullGrid, kFirstGridTimeoutMs)) throw CliError("the 30x30 grid was not decoded in time", kExitFailure);
  QLabel* image = panel.findChild<QLabel*>(QStringLiteral("decodedImage"));
  if (!image) throw CliError("the Explore panel has no decoded image label (internal error)", kExitFailure);
  const QMetaObject::Connection shown = QObject::connect(grid, &LatentGridView::imagesShown, &panel, [&] {
    if (fullGrid()) ++f.gridsShown;
  });
  runEventLoopFor(200);

  LatentSliders* sliders = panel.sliders();
  std::mt19937 rng(kDimensionSeed);
  // Not one of the grid's own axes: every press moves the grid's base, so every press asks for a new grid.
  std::uniform_int_distribution<int> anyDim(2, kLatentDim - 1);
  QElapsedTimer clock;
  clock.start();
  for (qint64 k = 0; f.sliderMs.size() < kMinPresses || clock.nsecsElapsed() < seconds * 1e9; ++k) {
    const qint64 scheduled = k * kKeyRepeatNs;
    // Whatever the GUI thread does until the key comes (answers, paints) runs here, as it would.
    while (clock.nsecsElapsed() < scheduled) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
      if (clock.nsecsElapsed() < scheduled - 1'000'000) QThread::usleep(200);
    }
    const int dim = anyDim(rng);
    QSlider* slider = sliders->slider(dim);
    const int key = stepKeyFor(sliders, dim);
    pressKey(slider, key);
    image->repaint();
    f.sliderMs.push_back(static_cast<double>(clock.nsecsElapsed() - scheduled) / 1e6);
    releaseKey(slider, key);
  }
  f.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
  QObject::disconnect(shown);
  return f;
}

}  // namespace vae
