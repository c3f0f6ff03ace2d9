#include "model/disentanglement.h"

#include "model/latenttools.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace vae {

namespace {

// Values [N] (float64, contiguous) as bin indices 0..bins-1 over their own range [min, max]: equal-width bins,
// the maximum in the last one (numpy.histogram's edges, as disentanglement_lib uses them). A constant column
// falls in bin 0 and carries no information.
std::vector<int> equalWidthBins(const double* v, int64_t n, int64_t stride, int bins) {
  double lo = v[0], hi = v[0];
  for (int64_t i = 1; i < n; ++i) {
    lo = std::min(lo, v[i * stride]);
    hi = std::max(hi, v[i * stride]);
  }
  std::vector<int> out(static_cast<size_t>(n), 0);
  if (!(hi > lo)) return out;
  const double width = hi - lo;
  for (int64_t i = 0; i < n; ++i) {
    const double t = (v[i * stride] - lo) / width;
    out[static_cast<size_t>(i)] = std::clamp(static_cast<int>(std::floor(t * bins)), 0, bins - 1);
  }
  return out;
}

// A discrete column's values as classes 0..K-1 in increasing order of value.
std::vector<int> classesOf(const double* v, int64_t n, int64_t stride, int* classes) {
  std::map<double, int> index;
  for (int64_t i = 0; i < n; ++i) index.emplace(v[i * stride], 0);
  int next = 0;
  for (auto& [value, k] : index) k = next++;
  *classes = next;
  std::vector<int> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = index.at(v[i * stride]);
  return out;
}

double entropyOf(const std::vector<int>& x, int cardinality) {
  std::vector<int64_t> counts(static_cast<size_t>(cardinality), 0);
  for (int a : x) ++counts[static_cast<size_t>(a)];
  const double n = static_cast<double>(x.size());
  double h = 0;
  for (int64_t c : counts)
    if (c > 0) h -= (c / n) * std::log(c / n);
  return h;
}

// Plug-in I(X;Y) = sum p(a,b) log(p(a,b) / (p(a) p(b))) from the joint counts, in nats.
double mutualInformationOf(const std::vector<int>& x, int cardX, const std::vector<int>& y, int cardY) {
  std::vector<int64_t> joint(static_cast<size_t>(cardX * cardY), 0), px(static_cast<size_t>(cardX), 0),
      py(static_cast<size_t>(cardY), 0);
  for (size_t i = 0; i < x.size(); ++i) {
    ++joint[static_cast<size_t>(x[i] * cardY + y[i])];
    ++px[static_cast<size_t>(x[i])];
    ++py[static_cast<size_t>(y[i])];
  }
  const double n = static_cast<double>(x.size());
  double mi = 0;
  for (int a = 0; a < cardX; ++a)
    for (int b = 0; b < cardY; ++b) {
      const int64_t c = joint[static_cast<size_t>(a * cardY + b)];
      if (c > 0) mi += (c / n) * std::log(c * n / (static_cast<double>(px[static_cast<size_t>(a)]) * py[static_cast<size_t>(b)]));
    }
  return std::max(0.0, mi);  // rounding can leave -1e-17 for independent columns
}

// The gap of each factor and their mean over factors that vary (a constant factor has nothing to capture).
void fillGaps(MutualInformation& r) {
  const int64_t latent = r.latentDim(), factors = r.factorCount();
  const double* m = r.matrix.data_ptr<double>();
  const double* h = r.factorEntropy.data_ptr<double>();
  double sum = 0;
  int counted = 0;
  for (int64_t k = 0; k < factors; ++k) {
    double first = 0, second = 0;  // one dimension: nothing competes with it
    int64_t top = 0;
    for (int64_t j = 0; j < latent; ++j) {
      const double v = m[j * factors + k];
      if (v > first) {
        second = first;
        first = v;
        top = j;
      } else if (v > second) {
        second = v;
      }
    }
    const double gap = h[k] > 0 ? (first - second) / h[k] : 0;
    r.gap.push_back(gap);
    r.topDimension.push_back(top);
    if (h[k] > 0) {
      sum += gap;
      ++counted;
    }
  }
  r.mig = counted > 0 ? sum / counted : 0;
}

}  // namespace

bool isDiscreteFactor(const torch::Tensor& column) {
  const torch::Tensor v = column.to(torch::kFloat64).contiguous();
  if (v.numel() == 0) return false;
  if (!torch::equal(v, v.round())) return false;
  return std::get<0>(at::_unique(v)).numel() <= kMaxDiscreteValues;
}

double MutualInformation::at(int64_t dim, int64_t factor) const {
  return matrix.defined() ? matrix.index({dim, factor}).item<double>() : 0.0;
}

MutualInformation mutualInformation(const torch::Tensor& codes, const torch::Tensor& factors, std::vector<bool> discrete,
                                    std::vector<std::string> factorNames) {
  if (!codes.defined() || codes.dim() != 2 || !factors.defined() || factors.dim() != 2)
    throw std::invalid_argument("mutualInformation: codes and factors must be [N,L] and [N,F] tensors");
  const int64_t n = codes.size(0), latent = codes.size(1), f = factors.size(1);
  if (factors.size(0) != n)
    throw std::invalid_argument("mutualInformation: " + std::to_string(n) + " codes but " +
                                std::to_string(factors.size(0)) + " factor rows");
  if (n < 2) throw std::invalid_argument("mutualInformation: needs at least 2 codes, got " + std::to_string(n));
  if (!discrete.empty() && static_cast<int64_t>(discrete.size()) != f)
    throw std::invalid_argument("mutualInformation: " + std::to_string(discrete.size()) + " discrete flags for " +
                                std::to_string(f) + " factors");
  if (!factorNames.empty() && static_cast<int64_t>(factorNames.size()) != f)
    throw std::invalid_argument("mutualInformation: " + std::to_string(factorNames.size()) + " names for " +
                                std::to_string(f) + " factors");

  const torch::Tensor z = codes.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  const torch::Tensor v = factors.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  std::vector<std::vector<int>> zBins;
  for (int64_t j = 0; j < latent; ++j) zBins.push_back(equalWidthBins(z.data_ptr<double>() + j, n, latent, kLatentBins));

  MutualInformation r;
  r.images = n;
  r.matrix = torch::zeros({latent, f}, torch::kFloat64);
  r.factorEntropy = torch::zeros({f}, torch::kFloat64);
  double* m = r.matrix.data_ptr<double>();
  double* h = r.factorEntropy.data_ptr<double>();
  for (int64_t k = 0; k < f; ++k) {
    const bool isDiscrete = discrete.empty() ? isDiscreteFactor(v.select(1, k)) : discrete[static_cast<size_t>(k)];
    int cardinality = kFactorBins;
    const std::vector<int> vBins = isDiscrete ? classesOf(v.data_ptr<double>() + k, n, f, &cardinality)
                                              : equalWidthBins(v.data_ptr<double>() + k, n, f, kFactorBins);
    h[k] = entropyOf(vBins, cardinality);
    for (int64_t j = 0; j < latent; ++j)
      m[j * f + k] = mutualInformationOf(zBins[static_cast<size_t>(j)], kLatentBins, vBins, cardinality);
    const std::string name = factorNames.empty() ? std::string() : factorNames[static_cast<size_t>(k)];
    r.factorNames.push_back(name.empty() ? "factor " + std::to_string(k) : name);
  }
  fillGaps(r);
  return r;
}

bool datasetSpecHasFactors(const std::string& spec) { return spec.substr(0, spec.find(':')) == "shapes"; }

std::string noFactorsMessage(const std::string& datasetName) {
  return (datasetName.empty() ? std::string("this dataset") : datasetName) +
         ": no known generative factors; mutual information and MIG need a dataset that has them (shapes)";
}

MutualInformation disentanglement(Vae& model, const Dataset& data) {
  // Rotation is the factor no model can capture fully here: a square looks the same every 90 degrees and an
  // ellipse every 180, so images that differ in drawn rotation can be identical and a code cannot tell them
  // apart. Only the heart is asymmetric. This lowers the MI and gap reachable for rotation; it is the data's
  // property, not the estimator's, and is left as it is (as dSprites' own squares and ellipses leave it).
  if (!data.factors.defined() || data.factors.dim() != 2 || data.factors.size(1) == 0)
    throw std::invalid_argument(noFactorsMessage(data.name));
  if (data.size() < 2)
    throw std::invalid_argument((data.name.empty() ? std::string("dataset") : data.name) +
                                ": needs at least 2 images to estimate mutual information, has " +
                                std::to_string(data.size()));
  const EncodedDataset codes = encodeDataset(model, data);
  return mutualInformation(codes.mu, data.factors, {}, data.factorNames);
}

}  // namespace vae
