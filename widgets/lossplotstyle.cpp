#include "widgets/lossplotstyle.h"

#include "widgets/plotlibrary.h"

#include <QPalette>

namespace vae {

namespace {
// Colours for a light Base; readableOn() lifts the dark ones on a dark Base.
const QColor kCurveColor[LossPlotPens::kCurves] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                                  QColor(20, 20, 20)};
const QColor kTestColor(20, 20, 20);
// Alpha of the raw per-step lines: present for the noise band, quiet enough not to hide the trend.
constexpr int kRawAlpha = 60;
// Alpha of the hover cursor and of a marker label's background.
constexpr int kCursorAlpha = 90;
constexpr int kMarkerFillAlpha = 230;

QColor markerColor(LossPlot::MarkerKind kind) {
  switch (kind) {
    case LossPlot::MarkerKind::Beta: return QColor(148, 52, 180);
    case LossPlot::MarkerKind::LearningRate: return QColor(0, 140, 160);
    case LossPlot::MarkerKind::Resume: return QColor(90, 90, 90);
    case LossPlot::MarkerKind::NanRecovery: return QColor(214, 39, 40);
    case LossPlot::MarkerKind::Note: return QColor(140, 110, 60);
  }
  return Qt::gray;
}
}  // namespace

LossPlotPens lossPlotPens(const QPalette& palette) {
  LossPlotPens pens;
  for (int c = 0; c < LossPlotPens::kCurves; ++c) {
    const QColor colour = readableOn(palette, kCurveColor[c]);
    QColor faint = colour;
    faint.setAlpha(kRawAlpha);
    pens.raw[c] = QPen(faint, 1);
    // Square caps (not round: +60% replot time) close the seams between the separately drawn
    // segments of phFastPolylines well enough at this width.
    pens.smooth[c] = QPen(colour, 2.2, Qt::SolidLine, Qt::SquareCap);
  }
  pens.smooth[static_cast<int>(LossPlot::Curve::Elbo)] =
      QPen(readableOn(palette, kCurveColor[static_cast<int>(LossPlot::Curve::Elbo)]), 1.6, Qt::DashLine);
  pens.test = QPen(readableOn(palette, kTestColor), 1, Qt::DashLine);
  pens.testFill = palette.brush(QPalette::Base);
  QColor cursor = palette.color(QPalette::Text);
  cursor.setAlpha(kCursorAlpha);
  pens.cursor = QPen(cursor, 1, Qt::DotLine);
  return pens;
}

MarkerStyle markerStyle(const QPalette& palette, LossPlot::MarkerKind kind) {
  const QColor colour = readableOn(palette, markerColor(kind));
  QColor fill = palette.color(QPalette::Base);
  fill.setAlpha(kMarkerFillAlpha);
  return {QPen(colour, 1.2, Qt::DashLine), colour, QPen(colour, 1), fill};
}

}  // namespace vae
