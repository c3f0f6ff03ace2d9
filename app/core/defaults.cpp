#include "app/core/defaults.h"

#include <QThread>

#include <algorithm>

namespace vae {

int trainingThreadCount() { return std::max(1, QThread::idealThreadCount() - 1); }

}  // namespace vae
