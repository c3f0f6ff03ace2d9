#pragma once

#include "app/core/datasetencoder.h"

#include <QPointF>
#include <QVector>

namespace vae {

// Where a plain autoencoder's codes lie. Nothing pulls them towards N(0, I), so the prior's ±3σ says nothing
// about them; the explorer sizes its sliders and its latent plane by the codes' own spread instead.
struct CodeSpread {
  QVector<double> mean, sd;  // per dimension, over the encoded test images (population sd)
};
CodeSpread codeSpreadOf(const LatentCodes& codes);

// How many standard deviations of the codes the windows hold on each side of their mean (as ±3σ of a prior).
inline constexpr double kCodeSpreadSds = 3.0;

// The sliders' half-range that holds mean ± kCodeSpreadSds sd of every dimension, rounded up to a whole unit
// (at least 1): sliders stay symmetric around 0, like a VAE's.
double sliderRangeFor(const CodeSpread& spread);

// A square window over points (x, y) on the plane: centred on their mean, half-width kCodeSpreadSds times the
// larger of the two sd (at least minSpan, so identical points still give a window).
struct PlaneWindow {
  double centerX = 0, centerY = 0, span = 3;
};
PlaneWindow planeWindowFor(const QVector<QPointF>& points, double minSpan);

}  // namespace vae
