#include "app/bench/largegridbench.h"

#include "app/bench/benchsupport.h"
#include "app/bench/keytopaint.h"
#include "app/cli/clicommon.h"
#include "app/core/explorestate.h"
#include "app/core/latentdecoder.h"
#include "app/gui/explorepanel.h"
#include "app/gui/latentplanepanel.h"
#include "model/vae.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QCoreApplication>
#include <QLabel>
#include <QSlider>


namespace vae {

namespace {
constexpr int kGridSize = 30;
constexpr int kImageSize = 64;
constexpr int kLatentDim = 16;
// A held arrow key repeats about this often (X11 and Windows default to 25-33 per second).
constexpr double kKeyRepeatHz = 30;
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

  // Not one of the grid's own axes: every press moves the grid's base, so every press asks for a new grid.
  std::vector<QSlider*> sliders;
  for (int d = 2; d < kLatentDim; ++d) sliders.push_back(panel.sliders()->slider(d));
  KeyToPaintProbe probe(sliders, image);
  int64_t imageShows = 0;  // presses the decoded image shows: it is decoded as the slider handles a press
  const QMetaObject::Connection decoded =
      QObject::connect(&panel, &ExplorePanel::imageDecoded, &panel, [&] { imageShows = probe.pressesReceived(); });
  probe.setShownUpTo([&] { return imageShows; });
  const KeyToPaintFigures k = probe.run(kKeyRepeatHz, kMinPresses, seconds, kDimensionSeed, kFirstGridTimeoutMs);
  QObject::disconnect(decoded);
  f.sliderMs = k.ms;
  f.inputRateHz = k.inputRateHz;
  f.seconds = k.seconds;
  QObject::disconnect(shown);
  return f;
}

}  // namespace vae
