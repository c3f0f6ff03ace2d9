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

KlReport KlReport::fromCodeSpread(const QVector<double>& codeMean, const QVector<double>& codeSd, bool settled,
                                  qint64 step) {
  KlReport r;
  r.klPerDim = QVector<double>(codeSd.size(), 0.0);
  r.codeMean = codeMean;
  r.codeSd = codeSd;
  r.active.reserve(codeSd.size());
  for (double sd : codeSd) {
    const bool varies = sd * sd > kActiveUnitThreshold;
    r.active.append(varies);
    r.activeCount += varies ? 1 : 0;
  }
  r.settled = settled;
  r.step = step;
  r.klApplies = false;
  return r;
}

}  // namespace vae
