#include "app/core/logging.h"

namespace vae {

// QtWarningMsg: warnings show by default, debug output only when a rule asks for it (Debian's qtlogging.ini
// already disables *.debug; this makes it so everywhere).
Q_LOGGING_CATEGORY(lcTraining, "vae.training", QtWarningMsg)
Q_LOGGING_CATEGORY(lcData, "vae.data", QtWarningMsg)
Q_LOGGING_CATEGORY(lcExport, "vae.export", QtWarningMsg)
Q_LOGGING_CATEGORY(lcGui, "vae.gui", QtWarningMsg)
Q_LOGGING_CATEGORY(lcBlas, "vae.blas", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSettings, "vae.settings", QtWarningMsg)

}  // namespace vae
