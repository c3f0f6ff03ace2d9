// vae-studio bench --explore: does the Explore tab keep up with a hand while the model trains? Measured
// in the real MainWindow with the input events a user's keyboard would send, so every connection the
// panel makes (image, traversal strip, grid re-request) runs as it does in use.
#include "app/bench/explorebench.h"
#include "app/core/defaults.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QLabel>
#include <QScopeGuard>
#include <QSlider>
#include <QTabWidget>
#include <QThread>
#include <algorithm>
#include <chrono>
#include <map>
#include <cstdio>
#include <string>
#include <vector>

#include "app/bench/benchsupport.h"
#include "app/bench/keytopaint.h"
#include "app/bench/largegridbench.h"
#include "app/cli/clicommon.h"
#include "app/gui/explorepanel.h"
#include "app/core/explorestate.h"
#include "app/core/latentdecoder.h"
#include "app/gui/mainwindow.h"
#include "app/core/trainingworker.h"
#include "app/gui/latentplanepanel.h"
#include "widgets/latentgridview.h"
#include "widgets/latentscatter.h"
#include "widgets/latentsliders.h"

#include <QMouseEvent>

#include <cmath>

namespace vae {

namespace {


// Keys posted as fast as a drag's mouse moves or a fast key repeat arrive: a new z every frame.
constexpr double kSliderInputHz = 60;
// Enough samples that p99 is a real tail, not the single worst one.
constexpr size_t kMinSliderIterations = 500;
constexpr size_t kMinGridIterations = 100;
constexpr size_t kMinScatterIterations = 200;
// Encoding 10 000 test images while training runs: ~1 s with the MLP; generous for slow machines.
constexpr int kCodesTimeoutMs = 120000;
// The pan drags the view around a circle of this radius (pixels), a little further each move.
constexpr double kPanRadiusPixels = 60;
constexpr double kPanStepRadians = 0.25;
// The grid the target is about: 20x20 = 400 decoded images per base-z change.
constexpr int kBenchGridSize = 20;
// Time for the first paints, layout and OpenMP start-up on the Explore tab before measuring.
constexpr int kWarmupMs = 1000;
// Fixed, so two runs press the same keys on the same dimensions.
constexpr unsigned kDimensionSeed = 20260101;

double nsToMs(qint64 ns) { return static_cast<double>(ns) / 1e6; }

struct Figures {
  std::vector<double> sliderMs;
  std::vector<double> gridMs;
  std::vector<double> scatterMs;
  int scatterPoints = 0;
  double sliderSeconds = 0, gridSeconds = 0, scatterSeconds = 0;
  double sliderInputHz = 0;
  int64_t imagesDecoded = 0;  // the large image, during the slider phase
  double trainImagesPerSecond = 0;
  int threads = 1;
  int latentDim = 0;
  bool pageKeysReachSliders = false;
  LargeGridFigures largeGrid;
};

void printReport(const Figures& f, const ExploreBenchOptions& o) {
  const auto maxOf = [](const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); };
  const double sliderP50 = percentile(f.sliderMs, 0.50), sliderP99 = percentile(f.sliderMs, 0.99);
  const double gridP50 = percentile(f.gridMs, 0.50), gridP99 = percentile(f.gridMs, 0.99);
  const double scatterP50 = percentile(f.scatterMs, 0.50), scatterP99 = percentile(f.scatterMs, 0.99);
  const double decodesPerSecond = f.sliderSeconds > 0 ? static_cast<double>(f.imagesDecoded) / f.sliderSeconds : 0;
  const double gridsPerSecond = f.gridSeconds > 0 ? static_cast<double>(f.gridMs.size()) / f.gridSeconds : 0;
  const double largeP50 = percentile(f.largeGrid.sliderMs, 0.50), largeP99 = percentile(f.largeGrid.sliderMs, 0.99);
  const double largeMax = maxOf(f.largeGrid.sliderMs);
  const double largeGridsPerSecond = f.largeGrid.seconds > 0 ? f.largeGrid.gridsShown / f.largeGrid.seconds : 0;
  if (o.json) {
    printJsonLine({{"slider_to_paint_p50_ms", sliderP50},
                   {"slider_to_paint_p99_ms", sliderP99},
                   {"slider_to_paint_max_ms", maxOf(f.sliderMs)},
                   {"input_rate_hz", f.sliderInputHz},
                   {"grid400_render_p50_ms", gridP50},
                   {"grid400_render_p99_ms", gridP99},
                   {"grid400_render_max_ms", maxOf(f.gridMs)},
                   {"scatter10k_pan_p50_ms", scatterP50},
                   {"scatter10k_pan_p99_ms", scatterP99},
                   {"scatter_points", f.scatterPoints},
                   {"scatter_iterations", static_cast<int64_t>(f.scatterMs.size())},
                   {"slider_decodes_per_second", decodesPerSecond},
                   {"grid400_renders_per_second", gridsPerSecond},
                   {"slider_to_paint_rgb64_grid30_p50_ms", largeP50},
                   {"slider_to_paint_rgb64_grid30_p99_ms", largeP99},
                   {"slider_to_paint_rgb64_grid30_max_ms", largeMax},
                   {"rgb64_grid30_input_rate_hz", f.largeGrid.inputRateHz},
                   {"rgb64_grid30_presses", static_cast<int64_t>(f.largeGrid.sliderMs.size())},
                   {"rgb64_grid30_shown_per_second", largeGridsPerSecond},
                   {"train_images_per_second", f.trainImagesPerSecond},
                   {"threads", f.threads},
                   {"slider_iterations", static_cast<int64_t>(f.sliderMs.size())},
                   {"grid_iterations", static_cast<int64_t>(f.gridMs.size())},
                   {"seconds", f.sliderSeconds + f.gridSeconds + f.scatterSeconds},
                   {"latent_dim", f.latentDim},
                   {"page_keys_reach_sliders", f.pageKeysReachSliders},
                   {"data", o.dataSpec.toStdString()},
                   {"platform", QGuiApplication::platformName().toStdString()}});
    return;
  }
  auto verdict = [](bool ok) { return ok ? "ok" : "MISSED"; };
  std::printf("vae-studio bench --explore: Classic MLP (latent %d) on %s, training on %d thread%s, platform %s\n",
              f.latentDim, o.dataSpec.toUtf8().constData(), f.threads, f.threads == 1 ? "" : "s",
              QGuiApplication::platformName().toUtf8().constData());
  std::printf("  keys posted at %.0f Hz, each timed from its post to the painted result:\n", f.sliderInputHz);
  std::printf("  slider key -> painted image   p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  %5zu presses  "
              "target p99 <= %.0f ms: %s\n",
              sliderP50, sliderP99, maxOf(f.sliderMs), f.sliderMs.size(), kExploreBenchSliderP99TargetMs,
              verdict(sliderP99 <= kExploreBenchSliderP99TargetMs));
  std::printf("  base z -> painted 20x20 grid  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  %5zu presses  "
              "target p99 <= %.0f ms: %s\n",
              gridP50, gridP99, maxOf(f.gridMs), f.gridMs.size(), kExploreBenchGridP99TargetMs,
              verdict(gridP99 <= kExploreBenchGridP99TargetMs));
  std::printf("  scatter pan (%5d points)     p50 %7.2f ms  p99 %7.2f ms  %5zu moves    target p99 <= %.0f ms: %s\n",
              f.scatterPoints, scatterP50, scatterP99, f.scatterMs.size(), kExploreBenchScatterPanP99TargetMs,
              verdict(scatterP99 <= kExploreBenchScatterPanP99TargetMs));
  std::printf("  held key (%.0f Hz), 30x30 grid of a 64x64 RGB conv model beside it:\n"
              "    key -> painted image       p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  %5zu presses  "
              "target p99 <= %.0f ms: %s\n",
              f.largeGrid.inputRateHz, largeP50, largeP99, largeMax, f.largeGrid.sliderMs.size(),
              kExploreBenchLargeGridSliderP99TargetMs,
              verdict(largeP99 <= kExploreBenchLargeGridSliderP99TargetMs));
  std::printf("    30x30 grids shown meanwhile %8.1f /s (decoded off the GUI thread, newest z wins)\n",
              largeGridsPerSecond);
  if (!f.pageKeysReachSliders)
    std::printf("  note: PageUp/PageDown on a slider are taken by a window shortcut; measured with arrow keys\n");
  std::printf("  decoded images (slider)       %10.0f /s\n", decodesPerSecond);
  std::printf("  20x20 grids (base z changes)  %10.1f /s\n", gridsPerSecond);
  std::printf("  training meanwhile            %10s images/s\n",
              groupThousands(static_cast<int64_t>(f.trainImagesPerSecond)).c_str());
}

// Whether PageDown and PageUp, as a user presses them on a slider, move it: a window-wide shortcut
// on the same keys wins over the focused slider. Leaves the value where it was.
bool pageKeysReachSliders(LatentSliders* sliders, int dim) {
  const double before = sliders->value(dim);
  pressKey(sliders->slider(dim), Qt::Key_PageDown);
  releaseKey(sliders->slider(dim), Qt::Key_PageDown);
  const bool down = sliders->value(dim) < before;
  const double middle = sliders->value(dim);
  pressKey(sliders->slider(dim), Qt::Key_PageUp);
  releaseKey(sliders->slider(dim), Qt::Key_PageUp);
  const bool up = sliders->value(dim) > middle;
  sliders->setValue(dim, before);
  return down && up;
}

void sendMouse(QWidget* target, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
  QMouseEvent event(type, pos, target->mapToGlobal(pos), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(target, &event);
}

// Scatter: a left-drag across the plot, one mouse move at a time; each move is timed until the plot
// has replotted (QCustomPlot queues the replot to the next event-loop turn) and painted.
void measureScatterPan(Figures& f, LatentScatter* scatter, double phaseSeconds) {
  QWidget* plot = scatter->plotWidget();
  int replots = 0;
  const QMetaObject::Connection counter =
      QObject::connect(scatter, &LatentScatter::replotted, plot, [&] { ++replots; });
  const QPointF centre = QRectF(scatter->plotAreaRect()).center();
  sendMouse(plot, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
  QElapsedTimer phase, clock;
  phase.start();
  double angle = 0;
  while (f.scatterMs.size() < kMinScatterIterations || phase.nsecsElapsed() < phaseSeconds * 1e9) {
    angle += kPanStepRadians;
    const QPointF pos = centre + QPointF(std::cos(angle), std::sin(angle)) * kPanRadiusPixels;
    const int before = replots;
    clock.start();
    sendMouse(plot, QEvent::MouseMove, pos, Qt::NoButton, Qt::LeftButton);
    while (replots == before) {
      QCoreApplication::processEvents();
      if (clock.nsecsElapsed() > kBenchStepTimeoutMs * qint64(1'000'000))
        throw CliError("the scatter did not replot after a pan in time", kExitFailure);
    }
    plot->repaint();
    f.scatterMs.push_back(nsToMs(clock.nsecsElapsed()));
    QCoreApplication::processEvents();
  }
  sendMouse(plot, QEvent::MouseButtonRelease, centre, Qt::LeftButton, Qt::NoButton);
  f.scatterSeconds = static_cast<double>(phase.nsecsElapsed()) / 1e9;
  QObject::disconnect(counter);
}


// What the phases share: the panel, its sliders and grid, the measurement's random dimensions.
struct ExploreRig {
  ExplorePanel* panel;
  LatentSliders* sliders;
  LatentGridView* grid;
  QLabel* decodedLabel;
  double phaseSeconds;
};

// Slider: arrow keys posted at kSliderInputHz through the event queue while the window runs its event loop
// as in use; each press is timed from its post until the decoded image showing it is painted. The grid and
// the traversal strip the press re-requests are answered and painted on the same GUI thread meanwhile.
void measureSlider(Figures& f, ExploreRig& rig) {
  std::vector<QSlider*> sliders;
  for (int d = 0; d < f.latentDim; ++d) sliders.push_back(rig.sliders->slider(d));
  KeyToPaintProbe probe(sliders, rig.decodedLabel);
  // The image is decoded as the slider handles the press: it shows every press received by then.
  int64_t shown = 0;
  const QMetaObject::Connection decodes = QObject::connect(rig.panel, &ExplorePanel::imageDecoded, rig.panel, [&] {
    ++f.imagesDecoded;
    shown = probe.pressesReceived();
  });
  const auto disconnect = qScopeGuard([&] { QObject::disconnect(decodes); });
  probe.setShownUpTo([&] { return shown; });
  const KeyToPaintFigures k =
      probe.run(kSliderInputHz, kMinSliderIterations, rig.phaseSeconds, kDimensionSeed, kBenchStepTimeoutMs);
  f.sliderMs = k.ms;
  f.sliderInputHz = k.inputRateHz;
  f.sliderSeconds = k.seconds;
}

// Grid: 400 cells around a base z that moves along a dimension that is not one of the grid's axes; keys
// posted as for the slider, each timed until the grid painted an answer to a request made after it.
void measureGrid(Figures& f, ExploreRig& rig) {
  // The grid decodes off the GUI thread: a request is answered when the grid takes its images. Only answers of
  // the current grid size count. Disconnected before returning: the grid goes on answering after this phase.
  std::vector<QSlider*> baseSliders;
  for (int d = 0; d < f.latentDim; ++d)
    if (d != rig.panel->axisX() && d != rig.panel->axisY()) baseSliders.push_back(rig.sliders->slider(d));
  KeyToPaintProbe probe(baseSliders, rig.grid);
  std::map<quint64, int64_t> pressesAtRequest;  // request id -> presses received when it was made
  quint64 answeredId = 0;
  int64_t shown = 0;
  const QMetaObject::Connection requests = QObject::connect(
      rig.grid, &LatentGridView::imagesRequested, rig.panel,
      [&](const LatentPlane&, quint64 id) { pressesAtRequest[id] = probe.pressesReceived(); });
  const QMetaObject::Connection answers =
      QObject::connect(rig.grid, &LatentGridView::imagesShown, rig.panel, [&](quint64 id) {
        if (rig.grid->imageCount() != rig.grid->plane().n * rig.grid->plane().n) return;
        answeredId = id;
        const auto at = pressesAtRequest.find(id);
        if (at != pressesAtRequest.end()) shown = std::max(shown, at->second);
      });
  const auto disconnect = qScopeGuard([&] {
    QObject::disconnect(requests);
    QObject::disconnect(answers);
  });
  rig.grid->setGridSize(kBenchGridSize);
  if (!waitUntil([&] { return answeredId != 0 && rig.grid->plane().n == kBenchGridSize && rig.grid->hasImages(); },
                 kBenchStepTimeoutMs))
    throw CliError("the 20x20 grid was not decoded in time", kExitFailure);
  probe.setShownUpTo([&] { return shown; });
  const KeyToPaintFigures k =
      probe.run(kSliderInputHz, kMinGridIterations, rig.phaseSeconds, kDimensionSeed + 1, kBenchStepTimeoutMs);
  f.gridMs = k.ms;
  f.gridSeconds = k.seconds;
}

// The scatter of the test set's codes, encoded off the GUI thread while training goes on.
void measureScatter(Figures& f, ExploreRig& rig, const MainWindow& window) {
  rig.panel->latentPlane()->showView(1);
  const int64_t testImages = window.dataset() ? window.dataset()->test.size() : 0;
  const int expectedPoints = static_cast<int>(std::min<int64_t>(DatasetEncoder::kMaxItems, testImages));
  if (!waitUntil([&] { return expectedPoints > 0 && rig.panel->scatter()->pointCount() == expectedPoints; },
                 kCodesTimeoutMs))
    throw CliError("the scatter got no codes in time", kExitFailure);
  f.scatterPoints = rig.panel->scatter()->pointCount();
  runEventLoopFor(kWarmupMs / 4);
  measureScatterPan(f, rig.panel->scatter(), rig.phaseSeconds);
}

// The panel gets a model with the worker's first decoder snapshot, a few times a second.
ExploreRig waitForExplorer(MainWindow& window, Figures& f, double seconds) {
  ExplorePanel* panel = window.explorePanel();
  ExploreRig rig{panel, panel->sliders(), panel->grid(), panel->findChild<QLabel*>(QStringLiteral("decodedImage")),
                 seconds / 3.0};
  if (!waitUntil([&] { return panel->decoder()->hasModel() && panel->state()->dimensions() == panel->decoder()->latentDim(); },
                 kBenchStepTimeoutMs))
    throw CliError("the Explore panel got no model in time", kExitFailure);
  f.latentDim = panel->state()->dimensions();
  if (f.latentDim < 3) throw CliError("the grid measurement needs a latent space of 3 or more dimensions");
  if (!rig.decodedLabel) throw CliError("the Explore panel has no decoded image label (internal error)", kExitFailure);
  return rig;
}

}  // namespace

int runExploreBench(const ExploreBenchOptions& options) {
  WindowBenchScope scope("--explore");
  Figures f;
  f.threads = trainingThreadCount();  // what the window's run uses

  MainWindow window;
  const ModelSettings settings = showWindowTraining(window, options.dataSpec);
  TrainingRateMeter rate(window);
  saveRunInto(window, scope.scratchPath());
  ExploreRig rig = waitForExplorer(window, f, options.seconds);
  showExploreTab(window);
  runEventLoopFor(kWarmupMs);
  f.pageKeysReachSliders = pageKeysReachSliders(rig.sliders, 0);
  QCoreApplication::processEvents();

  rate.setMeasuring(true);
  measureSlider(f, rig);
  measureGrid(f, rig);
  measureScatter(f, rig, window);
  f.largeGrid = measureSliderUnderLargeGrid(rig.phaseSeconds);
  rate.setMeasuring(false);
  f.trainImagesPerSecond = rate.imagesPerSecond(settings.batchSize);

  stopWindowTraining(window);
  window.close();
  printReport(f, options);
  return kExitOk;
}

}  // namespace vae
