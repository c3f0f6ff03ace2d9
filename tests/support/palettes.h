#pragma once

#include <QColor>
#include <QPalette>

namespace vae::test {

// A dark theme as Breeze Dark or Adwaita-dark sets it: dark Window and Base, light Text.
inline QPalette darkPalette() {
  QPalette p(QColor(49, 54, 59));
  p.setColor(QPalette::Window, QColor(49, 54, 59));
  p.setColor(QPalette::Base, QColor(35, 38, 41));
  p.setColor(QPalette::AlternateBase, QColor(49, 54, 59));
  for (QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
    p.setColor(role, QColor(239, 240, 241));
  p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
  return p;
}

}  // namespace vae::test
