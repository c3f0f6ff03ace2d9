#include "app/core/codespread.h"

#include <algorithm>
#include <cmath>

namespace vae {

CodeSpread codeSpreadOf(const LatentCodes& codes) {
  CodeSpread s;
  const int n = codes.count(), dims = codes.latentDim;
  s.mean.fill(0.0, dims);
  s.sd.fill(0.0, dims);
  if (n == 0) return s;
  for (int i = 0; i < n; ++i)
    for (int d = 0; d < dims; ++d) s.mean[d] += codes.mu[static_cast<qsizetype>(i) * dims + d];
  for (double& m : s.mean) m /= n;
  for (int i = 0; i < n; ++i)
    for (int d = 0; d < dims; ++d) {
      const double delta = codes.mu[static_cast<qsizetype>(i) * dims + d] - s.mean[d];
      s.sd[d] += delta * delta;
    }
  for (double& v : s.sd) v = std::sqrt(v / n);
  return s;
}

double sliderRangeFor(const CodeSpread& spread) {
  double reach = 1.0;
  for (int d = 0; d < spread.mean.size(); ++d)
    reach = std::max(reach, std::abs(spread.mean[d]) + kCodeSpreadSds * spread.sd[d]);
  return std::ceil(reach);
}

PlaneWindow planeWindowFor(const QVector<QPointF>& points, double minSpan) {
  PlaneWindow w;
  w.span = minSpan;
  if (points.isEmpty()) return w;
  double sx = 0, sy = 0;
  for (const QPointF& p : points) sx += p.x(), sy += p.y();
  w.centerX = sx / points.size();
  w.centerY = sy / points.size();
  double vx = 0, vy = 0;
  for (const QPointF& p : points) {
    vx += (p.x() - w.centerX) * (p.x() - w.centerX);
    vy += (p.y() - w.centerY) * (p.y() - w.centerY);
  }
  const double sd = std::sqrt(std::max(vx, vy) / points.size());
  w.span = std::max(minSpan, kCodeSpreadSds * sd);
  return w;
}

}  // namespace vae
