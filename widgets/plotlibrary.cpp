#include "widgets/plotlibrary.h"

#include <qcustomplot.h>

namespace vae {

QString qcustomplotVersion() { return QStringLiteral(QCUSTOMPLOT_VERSION_STR); }

}  // namespace vae
