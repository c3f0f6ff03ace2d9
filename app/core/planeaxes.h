#pragma once

#include <QPointF>
#include <QString>
#include <QVector>

namespace vae {

// The two directions a 2-D view (grid and scatter) slices latent space along: plain dimensions or
// PCA axes, both unit vectors of the latent space.
//
// A point z has plane coordinates (u, v) with z = rest + u*dx + v*dy, where rest has no part along
// dx or dy. For orthogonal axes (two plain dims, two PCA axes) u = dx.z and v = dy.z; a plain dim
// mixed with a PCA axis is oblique and is solved with their Gram matrix, so moving along one axis
// never changes the other coordinate. Parallel axes (the same dimension twice) degenerate to u = v.
class PlaneAxes {
 public:
  PlaneAxes() = default;
  PlaneAxes(QVector<double> dx, QVector<double> dy, QString nameX, QString nameY);
  // Plain dimensions x and y of a latentDim-dimensional space.
  static PlaneAxes dims(int latentDim, int x, int y);

  bool isValid() const { return !dx_.isEmpty() && dx_.size() == dy_.size(); }
  int latentDim() const { return static_cast<int>(dx_.size()); }
  const QVector<double>& dirX() const { return dx_; }
  const QVector<double>& dirY() const { return dy_; }
  QString nameX() const { return nameX_; }
  QString nameY() const { return nameY_; }

  // (u, v) of z; z must have latentDim() values.
  QPointF coordinates(const QVector<double>& z) const;
  // The same from floats (a row of encoded codes).
  QPointF coordinates(const float* z) const;
  // z with its plane coordinates replaced by xy and everything off the plane kept.
  QVector<double> moveTo(const QVector<double>& z, QPointF xy) const;
  // What is left of z off the plane: moveTo(z, (0, 0)). The grid decodes base + x*dx + y*dy.
  QVector<double> offPlane(const QVector<double>& z) const;

 private:
  QPointF solve(double px, double py) const;

  QVector<double> dx_, dy_;
  QString nameX_, nameY_;
  double cos_ = 0;  // dx . dy
};

}  // namespace vae
