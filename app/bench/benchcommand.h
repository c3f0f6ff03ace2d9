#pragma once

#include "app/cli/cli.h"

namespace vae {

// `vae-studio bench`: training throughput by default; --gui, --explore and --soak open the real window,
// --distributed runs data-parallel processes. Registered in app/main.cpp's command table.
CliCommand benchCommand();

}  // namespace vae
