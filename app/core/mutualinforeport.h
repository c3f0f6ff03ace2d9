#pragma once

#include "model/dataset.h"
#include "model/vae.h"

#include <QMetaType>
#include <QStringList>
#include <QVector>

namespace vae {

struct MutualInformation;

// The test set's mutual information between latent dimensions and generative factors (model/disentanglement),
// as a value type that crosses threads: the training worker sends one after each epoch, ModelPreview one for an
// opened checkpoint, and the Training tab's heatmap draws it.
struct MutualInfoReport {
  // The dataset has known generative factors (shapes). False: there is nothing to estimate and the views hide.
  bool applies = false;
  int latentDim = 0;
  QStringList factors;
  QVector<double> values;   // latentDim x factors, row-major, nats
  QVector<double> entropy;  // per factor H(v_k), nats
  QVector<double> gap;      // per factor, normalised by H(v_k)
  double mig = 0;
  int images = 0;           // test images encoded
  qint64 step = -1;         // the weights' global step

  bool isEmpty() const { return values.isEmpty(); }
  static MutualInfoReport fromEstimate(const MutualInformation& mi, qint64 step);
  // Known factors, nothing measured yet (no epoch trained): the heatmap shows its placeholder.
  static MutualInfoReport pending();
};

// Whether the split's images carry generative factors: the test split's (what is scored), else the training
// split's.
bool hasGenerativeFactors(const DatasetSplit& data);
// The images a report is estimated on: the test split, or the training split when there is no test split.
const Dataset& factorImages(const DatasetSplit& data);

// Encodes the test images (no grad, in batches) and estimates the matrix. A report that does not apply when the
// data have no factors. Seconds on a large set: call it off the GUI thread.
MutualInfoReport mutualInfoReport(Vae& model, const DatasetSplit& data, qint64 step);

}  // namespace vae

Q_DECLARE_METATYPE(vae::MutualInfoReport)
