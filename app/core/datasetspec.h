#pragma once

#include <QString>

namespace vae {

// A dataset spec's name for people: "Fashion-MNIST", "Shapes", "CIFAR-10 (cifar-10-batches-bin)", the IDX file
// or the image folder's name ("pets", "celeba (centre crop)"); anything else as it is.
QString describeDatasetSpec(const QString& spec);

// The dataset spec syntax for --help texts, one line per kind (one source for train, info and the rest).
QString datasetSpecSyntax();

// The dataset the window opens at start-up: the last one loaded, else the default (model/datasetloaders.h).
QString initialDatasetSpec();
void rememberDatasetSpec(const QString& spec);

}  // namespace vae
