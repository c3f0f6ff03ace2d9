#include "app/core/klreport.h"

#include "model/latenttools.h"

#include <cmath>
#include <vector>

namespace vae {

KlReport KlReport::fromHeldOutKl(const QVector<double>& klPerDim, bool settled, qint64 step) {
  KlReport r;
  r.klPerDim = klPerDim;
  r.settled = settled;
  r.step = step;
  r.active.reserve(klPerDim.size());
  for (double kl : klPerDim) {
    const bool active = isActiveDimension(kl);
    r.active.append(active);
    r.activeCount += active ? 1 : 0;
    if (std::isfinite(kl)) r.totalKl += kl;
  }
  r.collapsed = settled && looksCollapsed(std::vector<double>(klPerDim.cbegin(), klPerDim.cend()));
  return r;
}

}  // namespace vae
