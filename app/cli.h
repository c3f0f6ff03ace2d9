#pragma once

#include <QStringList>

namespace vae {

// True when the command line asks for the headless CLI rather than the GUI: a known sub-command,
// a top-level --help / --version, or a bare word that is neither a sub-command nor an existing file
// (so a typo such as "vae-studio trian" gets an error instead of opening a window).
bool isCliInvocation(int argc, char** argv);

// Creates the application object a sub-command needs (a QApplication for "bench --gui", else a
// QCoreApplication) and runs it through runCli(). Returns the exit code.
int runCliMain(int argc, char** argv);

// Dispatches to the sub-command named by args[1]; needs a QCoreApplication. Returns the exit code.
int runCli(const QStringList& args);

}  // namespace vae
