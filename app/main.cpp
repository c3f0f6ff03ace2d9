#include <QCoreApplication>

#include "app/cli.h"
#include "app/guimain.h"

// One binary: a sub-command runs headless on the same engine, no arguments open the GUI.
int main(int argc, char** argv) {
  if (vae::isCliInvocation(argc, argv)) {
    QCoreApplication app(argc, argv);
    return vae::runCli(QCoreApplication::arguments());
  }
  return vae::runGui(argc, argv);
}
