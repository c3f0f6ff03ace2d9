#pragma once

#include <QMetaType>
#include <QVector>

namespace vae {

// Which latent dimensions a model uses, for every view that says so (KL bars, sliders, scatter caption): one
// report per model state, built in one place from held-out KL per dimension (model/latenttools: the one
// definition of "active" and "collapse"), so the views cannot disagree.
struct KlReport {
  QVector<double> klPerDim;  // mean KL(q(z_d|x) || N(0,1)) over held-out images, nats
  QVector<bool> active;      // per dimension
  int activeCount = 0;
  double totalKl = 0;
  // At least one epoch trained: before that the KL is still moving and a collapse verdict would be premature.
  bool settled = false;
  bool collapsed = false;  // settled and looking collapsed: the views warn
  qint64 step = -1;        // the weights' global step
  // False for a plain autoencoder: it has no KL term, so "active" and "collapse" (KL verdicts) say nothing.
  // Its report counts a dimension active when its codes vary (Var > kActiveUnitThreshold, like the compare
  // table's LatentFill) and carries the codes' spread, which the views show in place of KL.
  bool klApplies = true;
  QVector<double> codeMean, codeSd;  // per dimension over the held-out codes; empty for a VAE

  bool isEmpty() const { return klPerDim.isEmpty(); }
  static KlReport fromHeldOutKl(const QVector<double>& klPerDim, bool settled, qint64 step);
  // A plain autoencoder's report from its held-out codes' mean and population sd per dimension: zero KL, active
  // where the codes vary, never collapsed.
  static KlReport fromCodeSpread(const QVector<double>& codeMean, const QVector<double>& codeSd, bool settled,
                                 qint64 step);
};

}  // namespace vae

Q_DECLARE_METATYPE(vae::KlReport)
