#include "widgets/lossplotreadout.h"

#include "widgets/lossplot.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace vae {

namespace {
// Numbers in the read-out keep about four significant digits whatever their size.
QString formatNats(double v) {
  const double a = std::abs(v);
  if (a >= 100) return QString::number(v, 'f', 1);
  if (a >= 1) return QString::number(v, 'f', 2);
  return QString::number(v, 'g', 3);
}

QString followHint() { return LossPlot::tr("Hover for values · drag or wheel to zoom"); }
QString heldHint() { return LossPlot::tr("View held · double-click the plot to follow new data"); }
}  // namespace

QString LossPlotReadout::valuesText(const Values& v) {
  QStringList parts;
  parts << LossPlot::tr("step %1").arg(v.step);
  parts << LossPlot::tr("epoch %1").arg(v.epoch);
  if (!v.hasKl) {
    parts << LossPlot::tr("recon %1 (no KL term)").arg(formatNats(v.total));
    if (v.testLoss) parts << LossPlot::tr("test recon %1").arg(formatNats(*v.testLoss));
    return parts.join(QStringLiteral(" · "));
  }
  if (v.weighted) {
    parts << LossPlot::tr("β-weighted %1").arg(formatNats(v.total));
    parts << LossPlot::tr("−ELBO %1").arg(formatNats(v.recon + v.kl));
  } else {
    parts << LossPlot::tr("total %1").arg(formatNats(v.total));
  }
  parts << LossPlot::tr("recon %1").arg(formatNats(v.recon));
  parts << LossPlot::tr("KL %1").arg(formatNats(v.kl));
  if (v.testLoss) parts << LossPlot::tr("test −ELBO %1").arg(formatNats(*v.testLoss));
  return parts.join(QStringLiteral(" · "));
}

LossPlotReadout::LossPlotReadout(QWidget* parent) : QLabel(parent) {
  setTextInteractionFlags(Qt::TextSelectableByMouse);
  setMinimumWidth(0);
  // Its width comes from the layout, never from its text: a long read-out must not push the controls aside.
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void LossPlotReadout::showHint(bool followsData) {
  setStyleSheet(QStringLiteral("color: gray;"));
  setFull(followsData ? followHint() : heldHint());
}

void LossPlotReadout::showValues(const QString& text) {
  setStyleSheet(QString());
  setFull(text);
}

int LossPlotReadout::hintWidth() const {
  const QMargins m = contentsMargins();
  return std::max(fontMetrics().horizontalAdvance(followHint()), fontMetrics().horizontalAdvance(heldHint())) +
         m.left() + m.right() + 2 * margin();
}

void LossPlotReadout::setFull(const QString& text) {
  full_ = text;
  setToolTip(text);
  elide();
}

void LossPlotReadout::elide() {
  setText(fontMetrics().elidedText(full_, Qt::ElideRight, contentsRect().width() - 2 * margin()));
}

void LossPlotReadout::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  elide();
}

}  // namespace vae
