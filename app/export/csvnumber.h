#pragma once

#include <QString>

namespace vae {

// Significant digits of every number in the CSV files we write (loss history, latent codes). The model
// computes in float32, and 9 significant digits are what a float32 needs to be read back bit-exactly
// (FLT_DECIMAL_DIG); values held in double (learning rate, beta, a mean test loss) keep 9 digits too.
inline constexpr int kCsvSignificantDigits = 9;

// v as a CSV field: C locale, shortest of fixed or exponent form, kCsvSignificantDigits digits at most
// ("0.100000001" for 0.1f, "0.001" for 1e-3, "1.5e-07").
QString csvNumber(double v);

}  // namespace vae
