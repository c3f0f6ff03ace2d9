#include "app/core/planeaxes.h"

#include <cmath>
#include <utility>

namespace vae {

namespace {
// Below this 1 - cos^2 the two axes are treated as parallel (the same dimension chosen twice).
constexpr double kParallel = 1e-9;

QVector<double> normalised(QVector<double> v) {
  double norm = 0;
  for (double x : v) norm += x * x;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (double& x : v) x /= norm;
  return v;
}
}  // namespace

PlaneAxes::PlaneAxes(QVector<double> dx, QVector<double> dy, QString nameX, QString nameY)
    : dx_(normalised(std::move(dx))), dy_(normalised(std::move(dy))), nameX_(std::move(nameX)), nameY_(std::move(nameY)) {
  if (dx_.size() != dy_.size()) {
    dx_.clear();
    dy_.clear();
    return;
  }
  for (int i = 0; i < dx_.size(); ++i) cos_ += dx_[i] * dy_[i];
}

PlaneAxes PlaneAxes::dims(int latentDim, int x, int y) {
  if (latentDim < 1 || x < 0 || y < 0 || x >= latentDim || y >= latentDim) return {};
  QVector<double> dx(latentDim, 0.0), dy(latentDim, 0.0);
  dx[x] = 1;
  dy[y] = 1;
  return PlaneAxes(dx, dy, QStringLiteral("z%1").arg(x), QStringLiteral("z%1").arg(y));
}

QPointF PlaneAxes::solve(double px, double py) const {
  const double det = 1.0 - cos_ * cos_;
  if (det < kParallel) return {px, px};
  // [1 c; c 1] [u v]^T = [px py]^T
  return {(px - cos_ * py) / det, (py - cos_ * px) / det};
}

QPointF PlaneAxes::coordinates(const QVector<double>& z) const {
  if (!isValid() || z.size() != dx_.size()) return {};
  double px = 0, py = 0;
  for (int i = 0; i < z.size(); ++i) {
    px += dx_[i] * z[i];
    py += dy_[i] * z[i];
  }
  return solve(px, py);
}

QPointF PlaneAxes::coordinates(const float* z) const {
  double px = 0, py = 0;
  for (int i = 0; i < dx_.size(); ++i) {
    px += dx_[i] * z[i];
    py += dy_[i] * z[i];
  }
  return solve(px, py);
}

QVector<double> PlaneAxes::moveTo(const QVector<double>& z, QPointF xy) const {
  if (!isValid() || z.size() != dx_.size()) return z;
  const QPointF uv = coordinates(z);
  const bool parallel = 1.0 - cos_ * cos_ < kParallel;
  const double du = xy.x() - uv.x();
  // With parallel axes there is one coordinate; the horizontal one wins, as in the grid's click.
  const double dv = parallel ? 0.0 : xy.y() - uv.y();
  QVector<double> moved = z;
  for (int i = 0; i < moved.size(); ++i) moved[i] += du * dx_[i] + dv * dy_[i];
  return moved;
}

QVector<double> PlaneAxes::offPlane(const QVector<double>& z) const { return moveTo(z, QPointF(0, 0)); }

}  // namespace vae
