#pragma once

#include "model/history.h"

#include <QString>

#include <cstddef>
#include <cstdint>

namespace vae {

class LossPlot;

// Draws a saved run's history into a LossPlot the way the live run drew it: per-step curves, test
// points per epoch, markers for beta / lr changes, resumes and NaN recoveries. The Training tab and
// `export --what plot` share it, so an exported plot looks like the window.
void plotHistory(LossPlot* plot, const History& history);
void addHistoryMarker(LossPlot* plot, const EventRecord& event);
// A marker of a run's event kind (the one mapping from run events to LossPlot's marker colours).
void addEventMarker(LossPlot* plot, EventRecord::Kind kind, int64_t step, const QString& label);

// How much of a history a plot shows, so that a newer checkpoint of the same run only adds its new part.
struct PlottedHistory {
  bool drawn = false;  // false: the plot shows something else (or nothing) yet
  std::size_t steps = 0, epochs = 0, events = 0;
  int64_t lastStep = -1;
  double lastTotal = 0;  // the last step's loss: step numbers alone match between any two runs
};

// Shows history in plot, which shows `shown`. When history continues it (same last step record, nothing
// shorter) only the new steps, test points and markers are appended, so a zoomed or panned view stays
// where the user put it; otherwise the plot is cleared and redrawn (and follows the data again).
// Returns what the plot shows afterwards.
PlottedHistory updateHistoryPlot(LossPlot* plot, const History& history, const PlottedHistory& shown);

}  // namespace vae
