#include "app/core/mutualinforeport.h"
#include "app/core/tensorvalues.h"

#include "model/disentanglement.h"

namespace vae {

MutualInfoReport MutualInfoReport::fromEstimate(const MutualInformation& mi, qint64 step) {
  MutualInfoReport r;
  r.applies = true;
  r.latentDim = static_cast<int>(mi.latentDim());
  for (const std::string& name : mi.factorNames) r.factors << QString::fromStdString(name);
  r.values = toDoubles(mi.matrix);
  r.entropy = toDoubles(mi.factorEntropy);
  r.gap = QVector<double>(mi.gap.begin(), mi.gap.end());
  r.mig = mi.mig;
  r.images = static_cast<int>(mi.images);
  r.step = step;
  return r;
}

MutualInfoReport MutualInfoReport::pending() {
  MutualInfoReport r;
  r.applies = true;
  return r;
}

const Dataset& factorImages(const DatasetSplit& data) { return data.test.size() > 0 ? data.test : data.train; }

bool hasGenerativeFactors(const DatasetSplit& data) {
  const Dataset& set = factorImages(data);
  return set.factors.defined() && set.factors.dim() == 2 && set.factors.size(1) > 0 && set.size() >= 2;
}

MutualInfoReport mutualInfoReport(Vae& model, const DatasetSplit& data, qint64 step) {
  if (!hasGenerativeFactors(data)) return {};
  return MutualInfoReport::fromEstimate(disentanglement(model, factorImages(data)), step);
}

}  // namespace vae
