#include "widgets/plotlibrary.h"

#include <QFileInfo>
#include <QPalette>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <qcustomplot.h>

namespace vae {

namespace {
// Grid lines: faint, as QCustomPlot's default light grey (200) is on white.
constexpr double kGridMix = 0.22;
constexpr double kSubGridMix = 0.12;
// The zero line of a grid: stronger than the grid, weaker than the axis.
constexpr double kZeroLineMix = 0.35;
// A legend's frame.
constexpr double kLegendBorderMix = 0.25;
// HSL lightness below which a base counts as dark.
constexpr int kDarkLightness = 128;
// Contrast a line needs against the background: WCAG's 3:1 for graphical objects. Saturated mid colours (the
// curves' blue, orange, green) pass on dark greys as they are; near-black and grey ones do not.
constexpr double kMinContrast = 3.0;
// HSL lightness added per step while lifting a colour towards that contrast.
constexpr int kLiftStep = 8;

// Relative luminance (WCAG 2): what contrast is computed from.
double luminance(const QColor& c) {
  auto channel = [](int v) {
    const double x = v / 255.0;
    return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

double contrast(const QColor& a, const QColor& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
}  // namespace

QString qcustomplotVersion() { return QStringLiteral(QCUSTOMPLOT_VERSION_STR); }

bool isDarkPalette(const QPalette& palette) { return palette.color(QPalette::Base).lightness() < kDarkLightness; }

QColor baseTextMix(const QPalette& palette, double towardsText) {
  const QColor base = palette.color(QPalette::Base);
  const QColor text = palette.color(QPalette::Text);
  auto mix = [towardsText](int a, int b) { return static_cast<int>(a + (b - a) * towardsText + 0.5); };
  return QColor(mix(base.red(), text.red()), mix(base.green(), text.green()), mix(base.blue(), text.blue()));
}

QColor readableOn(const QPalette& palette, const QColor& colour) {
  const QColor base = palette.color(QPalette::Base);
  if (!isDarkPalette(palette) || contrast(colour, base) >= kMinContrast) return colour;
  QColor lifted = colour.toHsl();
  while (contrast(lifted, base) < kMinContrast && lifted.lightness() < 255)
    lifted.setHsl(lifted.hslHue(), lifted.hslSaturation(), std::min(255, lifted.lightness() + kLiftStep), colour.alpha());
  return lifted.toRgb();
}

void applyPlotPalette(QCustomPlot* plot, const QPalette& palette) {
  const QColor text = palette.color(QPalette::Text);
  plot->setBackground(palette.brush(QPalette::Base));
  for (QCPAxisRect* rect : plot->axisRects()) {
    rect->setBackground(palette.brush(QPalette::Base));  // the same colour; readable back (QCustomPlot has no getter)
    for (QCPAxis* axis : rect->axes()) {
      axis->setBasePen(QPen(text, 1, Qt::SolidLine, Qt::SquareCap));
      axis->setTickPen(QPen(text, 1, Qt::SolidLine, Qt::SquareCap));
      axis->setSubTickPen(QPen(text, 1, Qt::SolidLine, Qt::SquareCap));
      axis->setTickLabelColor(text);
      axis->setLabelColor(text);
      axis->grid()->setPen(QPen(baseTextMix(palette, kGridMix), 0, Qt::DotLine));
      axis->grid()->setSubGridPen(QPen(baseTextMix(palette, kSubGridMix), 0, Qt::DotLine));
      axis->grid()->setZeroLinePen(QPen(baseTextMix(palette, kZeroLineMix), 1));
    }
  }
  QCPLegend* legend = plot->legend;
  legend->setTextColor(text);
  // A legend without fill or frame (the loss plot's row above the axes) stays so; one drawn over the data keeps
  // its translucency over the new Base.
  if (legend->brush().style() != Qt::NoBrush) {
    QColor fill = palette.color(QPalette::Base);
    fill.setAlpha(legend->brush().color().alpha());
    legend->setBrush(fill);
  }
  if (legend->borderPen().style() != Qt::NoPen) legend->setBorderPen(QPen(baseTextMix(palette, kLegendBorderMix)));
}

QPalette documentPalette() {
  // QPalette from a light button colour: Base white, Text black, the rest derived.
  return QPalette(QColor(239, 239, 239));
}

bool savePlotImage(QCustomPlot* plot, const QString& path, int width, int height) {
  plot->replot(QCustomPlot::rpImmediateRefresh);
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("png")) return plot->savePng(path, width, height);
  if (suffix == QLatin1String("pdf")) return plot->savePdf(path, width, height, QCP::epNoCosmetic);
  return false;
}

void placeLegendAbove(QCustomPlot* plot) {
  plot->legend->setVisible(true);
  plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot->legend->setBorderPen(Qt::NoPen);
  plot->legend->setBrush(Qt::NoBrush);
  plot->legend->setMargins(QMargins(0, 2, 0, 0));
  plot->legend->setColumnSpacing(18);
  plot->axisRect()->insetLayout()->take(plot->legend);
  plot->axisRect()->insetLayout()->simplify();
  // Empty elements left and right squeeze the legend to its natural width, centred (alone in the row
  // its entries would spread over the whole width).
  auto* legendRow = new QCPLayoutGrid;
  plot->plotLayout()->insertRow(0);
  plot->plotLayout()->addElement(0, 0, legendRow);
  plot->plotLayout()->setRowStretchFactor(0, 0.001);
  plot->plotLayout()->setRowSpacing(0);
  legendRow->addElement(0, 0, new QCPLayoutElement(plot));
  legendRow->addElement(0, 1, plot->legend);
  legendRow->addElement(0, 2, new QCPLayoutElement(plot));
  legendRow->setColumnStretchFactor(1, 0.001);
}

bool fitLegendColumns(QCustomPlot* plot) {
  QVector<int> widths;
  // Entries in legend order (a wrapped grid also counts its empty cells, which are null).
  for (int i = 0; i < plot->legend->itemCount(); ++i)
    if (QCPAbstractLegendItem* item = plot->legend->item(i)) widths << item->minimumOuterSizeHint().width();
  const int entries = static_cast<int>(widths.size());
  if (entries == 0) return false;
  const int spacing = plot->legend->columnSpacing();
  const int available = plot->width() - 16;
  int columns = 1;
  for (int c = entries; c > 1; --c) {
    QVector<int> columnWidth(c, 0);
    for (int i = 0; i < entries; ++i) columnWidth[i % c] = std::max(columnWidth[i % c], widths[i]);
    if (std::accumulate(columnWidth.cbegin(), columnWidth.cend(), 0) + spacing * (c - 1) <= available) {
      columns = c;
      break;
    }
  }
  if (columns == plot->legend->wrap() || (columns >= entries && plot->legend->wrap() == 0)) return false;
  plot->legend->setWrap(columns >= entries ? 0 : columns);
  plot->legend->setFillOrder(QCPLegend::foColumnsFirst, /*rearrange=*/true);  // the new wrap applies to all
  return true;
}

}  // namespace vae
