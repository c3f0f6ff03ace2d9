#include "app/cli.h"
#include "app/guimain.h"
#include "model/blaskernel.h"

// One binary: a sub-command runs headless on the same engine, no arguments open the GUI.
int main(int argc, char** argv) {
  // Before any BLAS work: may relaunch this binary once with the best OpenBLAS kernel for the CPU.
  vae::chooseBlasKernel(argv);
  if (vae::isCliInvocation(argc, argv)) return vae::runCliMain(argc, argv);
  return vae::runGui(argc, argv);
}
