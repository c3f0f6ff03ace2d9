#include "app/export/comparetable.h"
#include "app/core/tensorvalues.h"

#include "app/export/csvnumber.h"
#include "model/disentanglement.h"
#include "model/heldoutelbo.h"
#include "model/latentfill.h"
#include "model/latenttools.h"
#include "model/trainer.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace vae {

namespace {
// Seed of the noise every run is scored with: fixed, so a table can be recomputed to the same digits.
constexpr uint64_t kScoreNoiseSeed = 0;

bool isAutoencoder(const VaeConfig& config) { return config.kind == ModelKind::Autoencoder; }

QString activeRuleText(LatentFill::ActiveRule rule) {
  return rule == LatentFill::ActiveRule::Kl ? QStringLiteral("KL >= %1 nats").arg(kActiveKlNats)
                                            : QStringLiteral("code variance > %1").arg(kActiveUnitThreshold);
}
}  // namespace

CompareRow scoreRun(const CompareRun& run, const Dataset& test) {
  const VaeConfig& config = run.checkpoint.modelConfig;
  Vae model = run.checkpoint.makeModel();
  const EncodedDataset codes = encodeDataset(model, test);  // throws for images of another shape
  const HeldOutElbo elbo = heldOutElbo(model, test, [&](int64_t batch, int64_t rows) {
    return Trainer::evaluationNoise(kScoreNoiseSeed, /*epoch=*/0, batch, rows, config.latentDim);
  }, Trainer::kEvalBatchSize);
  const LatentFill fill = latentFill(codes);

  CompareRow row;
  row.name = run.name;
  row.kind = QString::fromStdString(toString(config.kind));
  row.latentDim = config.latentDim;
  row.images = test.size();
  row.recon = elbo.recon;
  row.kl = elbo.kl;
  if (!isAutoencoder(config)) row.negElbo = elbo.total;
  row.activeUnits = fill.activeUnits;
  row.activeRule = activeRuleText(fill.activeRule);
  row.aggregateKl = fill.aggregateKl;
  if (isAutoencoder(config)) {
    row.codeMean = toDoubles(codes.mu.mean(0));
    row.codeSd = toDoubles(codes.mu.std(0, /*unbiased=*/false));
  } else {
    row.klPerDim = toDoubles(klPerDimension(codes));
  }
  // The same codes, so the MIG costs only the binning.
  if (test.factors.defined() && test.factors.dim() == 2 && test.factors.size(1) > 0 && test.size() >= 2)
    row.mig = mutualInformation(codes.mu, test.factors, {}, test.factorNames).mig;
  return row;
}

KlReport CompareRow::dimensionReport() const {
  return kind == QLatin1String("autoencoder") ? KlReport::fromCodeSpread(codeMean, codeSd, /*settled=*/true, -1)
                                              : KlReport::fromHeldOutKl(klPerDim, /*settled=*/true, -1);
}

CompareCurve curveOf(const CompareRun& run) {
  CompareCurve curve;
  curve.name = run.name;
  const bool elbo = !isAutoencoder(run.checkpoint.modelConfig);
  for (const EpochRecord& e : run.checkpoint.history.epochs) {
    curve.epochs << static_cast<double>(e.epoch + 1);
    curve.recon << e.testRecon;
    if (elbo) curve.negElbo << e.testTotal;
  }
  return curve;
}

QByteArray compareTableCsv(const QVector<CompareRow>& rows) {
  QByteArray csv = "run,kind,latent_dim,test_images,test_recon_nats,test_kl_nats,test_neg_elbo_nats,active_units,"
                   "active_rule,aggregate_kl_nats,mig\n";
  // Run names are file names: quoted, with quotes doubled, so a comma in one cannot shift the columns.
  auto quoted = [](const QString& s) { return '"' + QString(s).replace('"', QStringLiteral("\"\"")).toUtf8() + '"'; };
  for (const CompareRow& r : rows) {
    csv += quoted(r.name) + ',' + r.kind.toUtf8() + ',' + QByteArray::number(r.latentDim) + ',' +
           QByteArray::number(r.images) + ',' + csvNumber(r.recon).toUtf8() + ',' + csvNumber(r.kl).toUtf8() + ',' +
           (r.negElbo ? csvNumber(*r.negElbo).toUtf8() : QByteArray()) + ',' + QByteArray::number(r.activeUnits) +
           ',' + quoted(r.activeRule) + ',' + csvNumber(r.aggregateKl).toUtf8() + ',' +
           (r.mig ? csvNumber(*r.mig).toUtf8() : QByteArray()) + '\n';
  }
  return csv;
}

QByteArray compareTableJson(const QVector<CompareRow>& rows) {
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  // JSON has no infinity: a singular aggregate posterior is written as null with the reason beside it.
  auto number = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  for (const CompareRow& r : rows) {
    nlohmann::ordered_json row = {{"run", r.name.toStdString()},
                                  {"kind", r.kind.toStdString()},
                                  {"latent_dim", r.latentDim},
                                  {"test_images", r.images},
                                  {"test_recon_nats", r.recon},
                                  {"test_kl_nats", r.kl},
                                  {"test_neg_elbo_nats", r.negElbo ? nlohmann::ordered_json(*r.negElbo) : nullptr},
                                  {"active_units", r.activeUnits},
                                  {"active_rule", r.activeRule.toStdString()},
                                  {"aggregate_kl_nats", number(r.aggregateKl)},
                                  {"mig", r.mig ? nlohmann::ordered_json(*r.mig) : nullptr}};
    if (!std::isfinite(r.aggregateKl)) row["aggregate_kl_note"] = "a code dimension never varies: infinitely far";
    table.push_back(row);
  }
  return QByteArray::fromStdString(table.dump(2)) + '\n';
}

}  // namespace vae
