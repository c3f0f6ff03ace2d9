#include "app/cli.h"
#include "app/guimain.h"

// One binary: a sub-command runs headless on the same engine, no arguments open the GUI.
int main(int argc, char** argv) {
  if (vae::isCliInvocation(argc, argv)) return vae::runCliMain(argc, argv);
  return vae::runGui(argc, argv);
}
