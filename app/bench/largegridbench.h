#pragma once

#include <vector>

namespace vae {

// bench --explore's "slider under a large grid" case: what a hand on a slider waits for while a 30x30 grid of
// a 64x64 RGB conv model (900 decodes per z change, ~0.4 s on one core) follows z.
struct LargeGridFigures {
  std::vector<double> sliderMs;  // key press posted -> the decoded image painted
  double inputRateHz = 0;
  int gridsShown = 0;            // 30x30 grids that reached the screen meanwhile
  double seconds = 0;
};

// Key presses are posted into the event queue on a fixed 30 Hz schedule, as a held arrow key repeats; each is
// timed from its post (KeyToPaintProbe), so time the GUI thread spent elsewhere (a grid decoded on it, say)
// counts as the user's wait.
// Runs a standalone ExplorePanel (the one the window embeds) on an untrained model of that shape.
LargeGridFigures measureSliderUnderLargeGrid(double seconds);

}  // namespace vae
