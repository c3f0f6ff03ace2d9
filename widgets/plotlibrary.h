#pragma once

#include <QColor>
#include <QString>

class QCustomPlot;
class QPalette;

namespace vae {

// Version of the QCustomPlot library the widgets were built against ("2.1.0"), for the About box;
// app/ cannot include qcustomplot.h itself (it needs Qt's lowercase keywords).
QString qcustomplotVersion();

// --- Colours from the palette: every plot reads as the rest of the window does, dark themes included ------------
// The plot's frame in the palette's colours: background (Base), axes, ticks, tick labels and axis labels (Text),
// grid lines (between Base and Text), the legend's text, fill and border. Curves, items and markers stay the
// caller's. Call it on setup and on every QEvent::PaletteChange, then replot.
void applyPlotPalette(QCustomPlot* plot, const QPalette& palette);
// A dark Base (dark theme): curve colours picked for white paper may need lifting (readableOn).
bool isDarkPalette(const QPalette& palette);
// Between the palette's Base (0) and Text (1): grid lines, faint outlines and cursors that suit light and dark.
QColor baseTextMix(const QPalette& palette, double towardsText);
// `colour` as a line on the palette's Base: unchanged on light; on dark, a colour with less than 3:1 contrast to
// Base (the near-black test loss, a grey marker) is lightened in the same hue until it has it. Alpha is kept.
QColor readableOn(const QPalette& palette, const QColor& colour);
// The palette of plots written to files (PNG, PDF): black on white whatever the desktop's theme, as on paper.
QPalette documentPalette();
// Renders plot as it looks now into a PNG or PDF (by path's suffix) of width x height pixels / points, replacing
// path directly (callers wanting atomic files render to a temp first). False for another suffix or a failed write.
bool savePlotImage(QCustomPlot* plot, const QString& path, int width, int height);

// --- The legend in its own row above the axis rect: inside it would hide the curves' late, most interesting part ---
// Moves plot's legend there, centred at its natural width, columns filled first.
void placeLegendAbove(QCustomPlot* plot);
// Wraps that legend into the most columns that fit the plot's width (entry i in column i % columns). Call it on
// every resize and when entries change; true when the wrap changed (replot then).
bool fitLegendColumns(QCustomPlot* plot);

}  // namespace vae
