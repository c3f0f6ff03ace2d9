#include "app/bench/benchcommand.h"
#include "app/cli/cli.h"
#include "app/core/appidentity.h"
#include "app/gui/guimain.h"
#include "model/blaskernel.h"

// One binary: a sub-command runs headless on the same engine, no arguments open the GUI.
int main(int argc, char** argv) {
  // Before any BLAS work: may relaunch this binary once with the best OpenBLAS kernel for the CPU.
  vae::chooseBlasKernel(argv);
  // One identity for the GUI and every command: one settings file, one app data folder (moved from older names once).
  vae::setApplicationIdentity();
  vae::migrateLegacySettings();
  std::vector<vae::CliCommand> commands = vae::headlessCommands();
  commands.push_back(vae::benchCommand());
  if (vae::isCliInvocation(commands, argc, argv)) return vae::runCliMain(commands, argc, argv);
  return vae::runGui(argc, argv);
}
