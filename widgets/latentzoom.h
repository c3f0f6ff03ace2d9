#pragma once

// How the latent views (LatentGridView, LatentScatter) zoom and where they start, so both behave alike.
namespace vae {

// Span change per wheel notch; 1.25 zooms quickly without losing the spot under the cursor.
inline constexpr double kLatentZoomPerNotch = 1.25;
// One wheel notch in angleDelta units (1/8 degree), per QWheelEvent docs.
inline constexpr double kWheelUnitsPerNotch = 120.0;
// Span limits: below this decoded images no longer change, above it the prior is irrelevant.
inline constexpr double kLatentMinSpan = 1e-3;
inline constexpr double kLatentMaxSpan = 1e3;
// The view double-click returns to: ±3 covers ~all of a unit Gaussian prior.
inline constexpr double kLatentDefaultSpan = 3.0;

}  // namespace vae
