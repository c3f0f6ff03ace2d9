#include "widgets/comparecurves.h"

#include "widgets/eventwatcher.h"
#include "widgets/plotlibrary.h"

#include <QEvent>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vae {

namespace {
// matplotlib's tab:blue, tab:orange, tab:green, tab:red.
const QColor kRunColours[CompareCurves::kMaxRuns] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                                     QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28)};
// Fraction of the value span added above and below the data.
constexpr double kYMargin = 0.05;
}  // namespace

struct CompareCurves::Impl {
  QCustomPlot* plot = nullptr;
  QVector<CompareCurve> curves;

  void rebuild();
  void restyle();
  void rescale();
};

CompareCurves::CompareCurves(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  d_->plot = new QCustomPlot(this);
  d_->plot->setObjectName(QStringLiteral("compareCurvesPlot"));
  d_->plot->setMinimumSize(240, 160);
  d_->plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  d_->plot->xAxis->setLabel(tr("epoch"));
  d_->plot->yAxis->setLabel(tr("test loss (nats per image)"));
  // Above the axes, wrapped to the width: inside, four runs' eight entries covered the points.
  placeLegendAbove(d_->plot);
  // Epochs are whole numbers: no tick at 1.5.
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  d_->plot->xAxis->setTicker(ticker);
  layout->addWidget(d_->plot);
  d_->plot->installEventFilter(new EventWatcher(d_->plot, [this](QEvent* e) {
    if (e->type() == QEvent::PaletteChange) {
      d_->restyle();
      d_->plot->replot();
    } else if (e->type() == QEvent::Resize && fitLegendColumns(d_->plot)) {
      d_->plot->replot(QCustomPlot::rpQueuedReplot);
    }
  }));
  d_->restyle();
}

CompareCurves::~CompareCurves() = default;

void CompareCurves::setCurves(const QVector<CompareCurve>& curves) {
  d_->curves = curves.mid(0, kMaxRuns);
  d_->rebuild();
  d_->plot->replot();
}

void CompareCurves::Impl::rebuild() {
  plot->clearGraphs();
  for (const CompareCurve& c : curves) {
    QCPGraph* recon = plot->addGraph();
    recon->setName(CompareCurves::tr("%1 — reconstruction").arg(c.name));
    recon->setData(c.epochs, c.recon.mid(0, c.epochs.size()), /*alreadySorted=*/true);
    recon->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    if (c.negElbo.isEmpty()) continue;
    QCPGraph* elbo = plot->addGraph();
    elbo->setName(CompareCurves::tr("%1 — −ELBO").arg(c.name));
    elbo->setData(c.epochs, c.negElbo.mid(0, c.epochs.size()), /*alreadySorted=*/true);
    elbo->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  }
  restyle();
  rescale();
  fitLegendColumns(plot);
}

// Each run's colour; −ELBO dashed beside its solid reconstruction.
void CompareCurves::Impl::restyle() {
  const QPalette& palette = plot->palette();
  applyPlotPalette(plot, palette);
  int graph = 0;
  for (int run = 0; run < curves.size(); ++run) {
    const QColor colour = readableOn(palette, kRunColours[run]);
    const int lines = curves[run].negElbo.isEmpty() ? 1 : 2;
    for (int line = 0; line < lines && graph < plot->graphCount(); ++line, ++graph) {
      QPen pen(colour, 2);
      if (line == 1) pen.setStyle(Qt::DashLine);
      plot->graph(graph)->setPen(pen);
      QCPScatterStyle scatter = plot->graph(graph)->scatterStyle();
      scatter.setPen(QPen(colour, 1.5));
      scatter.setBrush(line == 0 ? QBrush(colour) : QBrush(Qt::NoBrush));
      plot->graph(graph)->setScatterStyle(scatter);
    }
  }
}

void CompareCurves::Impl::rescale() {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo, last = 1;
  for (const CompareCurve& c : curves) {
    for (const QVector<double>* values : {&c.recon, &c.negElbo})
      for (double v : *values)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!c.epochs.isEmpty()) last = std::max(last, c.epochs.last());
  }
  plot->xAxis->setRange(0.5, last + 0.5);
  if (!(lo <= hi)) return;  // nothing to show: keep the axis as it is
  const double margin = std::max((hi - lo) * kYMargin, 1e-6 * std::max(1.0, std::abs(hi)));
  plot->yAxis->setRange(lo - margin, hi + margin);
}

QStringList CompareCurves::legendNames() const {
  QStringList names;
  for (int i = 0; i < d_->plot->graphCount(); ++i) names << d_->plot->graph(i)->name();
  return names;
}

QColor CompareCurves::runColour(int run) const {
  return run >= 0 && run < kMaxRuns ? readableOn(d_->plot->palette(), kRunColours[run]) : QColor();
}

QCustomPlot* CompareCurves::customPlot() const { return d_->plot; }

bool CompareCurves::saveImage(const QString& path, int width, int height) {
  return savePlotImage(d_->plot, path, width, height);
}

}  // namespace vae
