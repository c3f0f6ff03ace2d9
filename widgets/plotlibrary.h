#pragma once

#include <QString>

namespace vae {

// Version of the QCustomPlot library the widgets were built against ("2.1.0"), for the About box;
// app/ cannot include qcustomplot.h itself (it needs Qt's lowercase keywords).
QString qcustomplotVersion();

}  // namespace vae
