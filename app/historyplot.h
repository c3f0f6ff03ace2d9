#pragma once

namespace vae {

class LossPlot;
struct EventRecord;
struct History;

// Draws a saved run's history into a LossPlot the way the live run drew it: per-step curves, test
// points per epoch, markers for beta / lr changes, resumes and NaN recoveries. The Training tab and
// `export --what plot` share it, so an exported plot looks like the window.
void plotHistory(LossPlot* plot, const History& history);
void addHistoryMarker(LossPlot* plot, const EventRecord& event);

}  // namespace vae
