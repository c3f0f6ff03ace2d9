#pragma once

#include "widgets/lossplot.h"

#include <QBrush>
#include <QPen>

class QPalette;

namespace vae {

// The loss plot's pens for a palette: the curve colours people know (matplotlib's blue, orange, green), chosen for
// white paper and lifted where they would vanish on a dark Base (readableOn), the test points, the hover cursor
// and the event markers. Pulled out of LossPlot so the widget keeps to its data and view logic.
struct LossPlotPens {
  // Indexed as LossPlot::Curve: total, reconstruction, KL, −ELBO (the last has no raw line).
  static constexpr int kCurves = 4;
  QPen raw[kCurves];  // faint per-step lines (raw[3] unused)
  QPen smooth[kCurves];
  QPen test;  // per-epoch test −ELBO: dashed line and circle outline
  QBrush testFill;
  QPen cursor;
};
LossPlotPens lossPlotPens(const QPalette& palette);

struct MarkerStyle {
  QPen line;
  QColor text;
  QPen frame;
  QBrush fill;  // the label's background: the plot's Base, nearly opaque over the curves
};
MarkerStyle markerStyle(const QPalette& palette, LossPlot::MarkerKind kind);

}  // namespace vae
