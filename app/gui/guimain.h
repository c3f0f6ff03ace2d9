#pragma once

namespace vae {

// The GUI entry point (vae-studio without a sub-command): opens the main window and loads the default
// dataset. Returns the exit code; 2 with a one-line hint on stderr when there is no display to open.
int runGui(int argc, char** argv);

}  // namespace vae
