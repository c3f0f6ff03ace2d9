#include "app/historyplot.h"

#include "model/history.h"
#include "widgets/lossplot.h"

#include <QString>
#include <QVector>

namespace vae {

void addHistoryMarker(LossPlot* plot, const EventRecord& e) {
  const QString text = QString::fromStdString(e.text);
  switch (e.kind) {
    case EventRecord::Kind::BetaChanged:
      plot->addMarker(e.step, LossPlot::MarkerKind::Beta, QStringLiteral("β = %1").arg(e.value, 0, 'g', 4));
      break;
    case EventRecord::Kind::LrChanged:
      plot->addMarker(e.step, LossPlot::MarkerKind::LearningRate, QStringLiteral("lr = %1").arg(e.value, 0, 'g', 4));
      break;
    case EventRecord::Kind::Resumed: plot->addMarker(e.step, LossPlot::MarkerKind::Resume, text); break;
    case EventRecord::Kind::NanRecovered: plot->addMarker(e.step, LossPlot::MarkerKind::NanRecovery, text); break;
    case EventRecord::Kind::Note: plot->addMarker(e.step, LossPlot::MarkerKind::Note, text); break;
  }
}

void plotHistory(LossPlot* plot, const History& history) {
  QVector<double> steps, total, recon, kl;
  steps.reserve(static_cast<qsizetype>(history.steps.size()));
  total.reserve(steps.capacity());
  recon.reserve(steps.capacity());
  kl.reserve(steps.capacity());
  for (const StepRecord& r : history.steps) {
    steps.append(static_cast<double>(r.step));
    total.append(r.total);
    recon.append(r.recon);
    kl.append(r.kl);
  }
  if (!steps.isEmpty()) plot->appendSteps(steps, total, recon, kl);
  for (const EpochRecord& e : history.epochs)
    plot->appendTestLoss(static_cast<double>(e.step), static_cast<int>(e.epoch), e.testTotal);
  for (const EventRecord& e : history.events) addHistoryMarker(plot, e);
}

}  // namespace vae
