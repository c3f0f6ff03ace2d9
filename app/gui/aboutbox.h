#pragma once

#include <QString>

class QWidget;

namespace vae {

// Help > About: versions, and what this machine computes on (CPU, instruction sets, the BLAS kernel in use and
// why, threads, oneDNN), from the same source as `vae-studio info --system`.
QString aboutHtml();
void showAboutBox(QWidget* parent);

}  // namespace vae
