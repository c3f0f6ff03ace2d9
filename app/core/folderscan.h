#pragma once

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace vae {

// The image files of one set of an image folder, in load order, with their labels.
struct FolderImages {
  QString root;                  // the folder they were found in (DIR, DIR/train or DIR/test)
  QStringList files;             // by class, then by path in code-point order
  std::vector<int64_t> labels;   // one per file; empty when the folder has no classes
  int64_t looseIgnored = 0;      // images directly in root beside class folders, left out as torchvision does
};

// Where the images of an image folder are, by torchvision's ImageFolder rules (nothing is decoded here):
// - class folders are the immediate subfolders of DIR holding at least one image at any depth; images are
//   searched recursively inside them; class names are the folder names in code-point order;
// - a folder without class folders is flat: its own images, unlabelled (CelebA's img_align_celeba);
// - with class folders, images lying directly in DIR are ignored (counted in looseIgnored);
// - when DIR has a train/ folder and a test/ (else val/) folder, they are the split, each laid out as above;
//   the class names are the union of both, so a label means the same class in both sets;
// - hidden files and folders are skipped, and so are files whose suffix Qt cannot decode.
struct FolderLayout {
  bool split = false;                   // train/ and test/ (or val/) folders
  std::vector<std::string> classNames;  // empty when unlabelled
  FolderImages all;                     // when !split
  FolderImages train, test;             // when split
};

// Throws DatasetError for a missing folder, a split layout whose sets disagree (one with classes, one
// without), or a folder without images. With findSplit false, train/ and test/ are ordinary class folders.
FolderLayout scanImageFolder(const QString& dir, bool findSplit = true);

// Image files directly in dir or (recursive) anywhere below it, sorted; only suffixes Qt can decode.
QStringList imageFilesIn(const QString& dir, bool recursive);

}  // namespace vae
