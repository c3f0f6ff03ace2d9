#include "app/export/historyplot.h"

#include "model/history.h"
#include "widgets/lossplot.h"

#include <QString>
#include <QVector>

namespace vae {

void addEventMarker(LossPlot* plot, EventRecord::Kind kind, int64_t step, const QString& label) {
  LossPlot::MarkerKind marker = LossPlot::MarkerKind::Note;
  switch (kind) {
    case EventRecord::Kind::BetaChanged: marker = LossPlot::MarkerKind::Beta; break;
    case EventRecord::Kind::LrChanged: marker = LossPlot::MarkerKind::LearningRate; break;
    case EventRecord::Kind::Resumed: marker = LossPlot::MarkerKind::Resume; break;
    case EventRecord::Kind::NanRecovered: marker = LossPlot::MarkerKind::NanRecovery; break;
    case EventRecord::Kind::Note: marker = LossPlot::MarkerKind::Note; break;
  }
  plot->addMarker(static_cast<double>(step), marker, label);
}

void addHistoryMarker(LossPlot* plot, const EventRecord& e) {
  addEventMarker(plot, e.kind, e.step, QString::fromStdString(eventLabel(e)));
}

namespace {
// Steps [firstStep, end), epochs [firstEpoch, end) and events [firstEvent, end) of history.
void appendHistory(LossPlot* plot, const History& history, std::size_t firstStep, std::size_t firstEpoch,
                   std::size_t firstEvent) {
  QVector<double> steps, total, recon, kl;
  const auto n = static_cast<qsizetype>(history.steps.size() - firstStep);
  steps.reserve(n);
  total.reserve(n);
  recon.reserve(n);
  kl.reserve(n);
  for (std::size_t i = firstStep; i < history.steps.size(); ++i) {
    const StepRecord& r = history.steps[i];
    steps.append(static_cast<double>(r.step));
    total.append(r.total);
    recon.append(r.recon);
    kl.append(r.kl);
  }
  if (!steps.isEmpty()) plot->appendSteps(steps, total, recon, kl);
  for (std::size_t i = firstEpoch; i < history.epochs.size(); ++i) {
    const EpochRecord& e = history.epochs[i];
    plot->appendTestLoss(static_cast<double>(e.step), static_cast<int>(e.epoch), e.testTotal);
  }
  for (std::size_t i = firstEvent; i < history.events.size(); ++i) addHistoryMarker(plot, history.events[i]);
}
}  // namespace

void plotHistory(LossPlot* plot, const History& history) { appendHistory(plot, history, 0, 0, 0); }

PlottedHistory updateHistoryPlot(LossPlot* plot, const History& history, const PlottedHistory& shown) {
  const bool continues =
      shown.drawn && history.steps.size() >= shown.steps && history.epochs.size() >= shown.epochs &&
      history.events.size() >= shown.events &&
      (shown.steps == 0 || (history.steps[shown.steps - 1].step == shown.lastStep &&
                            history.steps[shown.steps - 1].total == shown.lastTotal));
  if (continues) {
    appendHistory(plot, history, shown.steps, shown.epochs, shown.events);
  } else {
    plot->clear();
    plotHistory(plot, history);
  }
  PlottedHistory now;
  now.drawn = true;
  now.steps = history.steps.size();
  now.epochs = history.epochs.size();
  now.events = history.events.size();
  if (!history.steps.empty()) {
    now.lastStep = history.steps.back().step;
    now.lastTotal = history.steps.back().total;
  }
  return now;
}

}  // namespace vae
