#pragma once

#include "app/core/klreport.h"
#include "model/checkpoint.h"
#include "model/dataset.h"
#include "widgets/comparecurves.h"

#include <QString>
#include <QVector>

#include <cstdint>
#include <optional>

namespace vae {

// One run of a comparison: its name in legends and tables (the file's base name, or "live run") and what it is.
struct CompareRun {
  QString name;
  QString path;  // empty for the live run
  Checkpoint checkpoint;
};

// What the compare table says of one run, all on the same held-out images.
struct CompareRow {
  QString name;
  QString kind;         // "vae" or "autoencoder"
  int64_t latentDim = 0;
  int64_t images = 0;   // test images scored
  double recon = 0;     // test reconstruction, nats per image (one z sample per image for a VAE)
  double kl = 0;        // KL(q(z|x) || N(0, I)), nats per image; 0 for an autoencoder
  std::optional<double> negElbo;  // recon + kl, for a VAE only (an autoencoder has no ELBO)
  int64_t activeUnits = 0;
  QString activeRule;   // "KL >= 0.01 nats" or "code variance > 0.01" (see LatentFill)
  double aggregateKl = 0;  // KL(N(mean mu, Cov mu + mean sigma^2) || N(0, I)): 0 = the codes fill the prior
  // Per dimension, for the sliders: a VAE's held-out KL (nats), an autoencoder's code mean and sd.
  QVector<double> klPerDim, codeMean, codeSd;

  // What the sliders show beside each dimension: the KL report of a VAE, the code spread of an autoencoder.
  KlReport dimensionReport() const;
  // Mutual information gap (Chen et al. 2018) of the test codes, for data with known generative factors (shapes).
  std::optional<double> mig;
};

// Scores a run on test images (the same reparameterisation noise for every run of one latent size, so the
// rows differ by their models only). Throws std::invalid_argument when the images do not fit the model.
CompareRow scoreRun(const CompareRun& run, const Dataset& test);

// The run's held-out losses per epoch from its history: what the compare plot draws.
CompareCurve curveOf(const CompareRun& run);

// The table as CSV (a header line, one line per run, 9 significant digits, empty where undefined) or as a JSON
// array of objects (null where undefined: the mig of a run on data without factors).
QByteArray compareTableCsv(const QVector<CompareRow>& rows);
QByteArray compareTableJson(const QVector<CompareRow>& rows);

}  // namespace vae
