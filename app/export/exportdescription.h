#pragma once

#include "app/export/exporter.h"

#include <QString>

namespace vae {

// What an export of a kind without pictures (CSV, weights, plot, presets) will write, in one or two
// sentences with its row and column counts: the ExportDialog's preview for those kinds. data is the
// dataset the export will read (null when it is not loaded yet: counts then come at export time).
QString describeExport(const Checkpoint& checkpoint, const DatasetSplit* data, const ExportOptions& options);

}  // namespace vae
