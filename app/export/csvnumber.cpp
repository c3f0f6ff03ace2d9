#include "app/export/csvnumber.h"

#include <cfloat>

namespace vae {

static_assert(kCsvSignificantDigits >= FLT_DECIMAL_DIG, "CSV numbers must round-trip a float32");

// QString::number ignores the locale: a decimal point and no group separators, whatever LANG says.
QString csvNumber(double v) { return QString::number(v, 'g', kCsvSignificantDigits); }

}  // namespace vae
