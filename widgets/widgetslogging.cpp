#include "widgets/widgetslogging.h"

namespace vae {

Q_LOGGING_CATEGORY(lcWidgets, "vae.widgets", QtWarningMsg)

}  // namespace vae
