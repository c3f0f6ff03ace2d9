#include "app/core/folderscan.h"

#include "model/dataset.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImageReader>
#include <QSet>

#include <algorithm>
#include <map>

namespace vae {

namespace {
std::string str(const QString& s) { return s.toStdString(); }

// Suffixes Qt can decode here, lower case; decides which files count as images.
QSet<QString> imageSuffixes() {
  QSet<QString> s;
  for (const QByteArray& format : QImageReader::supportedImageFormats()) s.insert(QString::fromLatin1(format).toLower());
  if (s.contains("jpeg")) s.insert("jpg");
  if (s.contains("tiff")) s.insert("tif");
  return s;
}

// One class folder: its name and the images below it.
struct ClassFolder {
  QString name;
  QStringList files;
};

// The immediate subfolders of root holding images at any depth, in code-point order; a folder without
// images is no class (a docs/ folder, say).
std::vector<ClassFolder> classFoldersOf(const QString& root) {
  QStringList subdirs = QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::NoSort);
  std::sort(subdirs.begin(), subdirs.end());
  std::vector<ClassFolder> classes;
  for (const QString& sub : subdirs) {
    QStringList files = imageFilesIn(root + QLatin1Char('/') + sub, /*recursive=*/true);
    if (!files.isEmpty()) classes.push_back({sub, std::move(files)});
  }
  return classes;
}

// The images of one set: class folders with their labels from labelOf, else the folder's own images.
FolderImages imagesOf(const QString& root, const std::vector<ClassFolder>& classes,
                      const std::map<QString, int64_t>& labelOf) {
  FolderImages set;
  set.root = root;
  const QStringList loose = imageFilesIn(root, /*recursive=*/false);
  if (classes.empty()) {
    set.files = loose;
    return set;
  }
  set.looseIgnored = loose.size();
  for (const ClassFolder& c : classes) {
    set.files += c.files;
    set.labels.insert(set.labels.end(), static_cast<size_t>(c.files.size()), labelOf.at(c.name));
  }
  return set;
}

void requireImages(const FolderImages& set) {
  if (set.files.isEmpty())
    throw DatasetError(str(set.root), "no images found; expected images in the folder, or one subfolder per "
                                      "class holding them (DIR/<class>/<image>.png)");
}

// DIR/test, else DIR/val, else empty.
QString testFolderOf(const QString& root) {
  for (const char* name : {"test", "val"}) {
    const QString path = root + QLatin1Char('/') + QLatin1String(name);
    if (QFileInfo(path).isDir()) return path;
  }
  return {};
}

FolderLayout splitLayout(const QString& trainRoot, const QString& testRoot) {
  const std::vector<ClassFolder> trainClasses = classFoldersOf(trainRoot);
  const std::vector<ClassFolder> testClasses = classFoldersOf(testRoot);
  if (trainClasses.empty() != testClasses.empty()) {
    const QString& flat = trainClasses.empty() ? trainRoot : testRoot;
    const QString& classed = trainClasses.empty() ? testRoot : trainRoot;
    throw DatasetError(str(flat), "has no class folders but " + str(classed) +
                                      " has; both need the same layout (DIR/train/<class>/..., DIR/test/<class>/...)");
  }
  FolderLayout layout;
  layout.split = true;
  std::map<QString, int64_t> labelOf;
  for (const auto* classes : {&trainClasses, &testClasses})
    for (const ClassFolder& c : *classes) labelOf.emplace(c.name, 0);
  for (auto& [name, label] : labelOf) {  // std::map: code-point order, as for a single folder
    label = static_cast<int64_t>(layout.classNames.size());
    layout.classNames.push_back(str(name));
  }
  layout.train = imagesOf(trainRoot, trainClasses, labelOf);
  layout.test = imagesOf(testRoot, testClasses, labelOf);
  requireImages(layout.train);
  requireImages(layout.test);
  return layout;
}
}  // namespace

QStringList imageFilesIn(const QString& dir, bool recursive) {
  const QSet<QString> suffixes = imageSuffixes();
  QStringList files;
  // No QDir::Readable filter: a file that cannot be read is reported as skipped, not silently left out.
  const QDirIterator::IteratorFlags flags = recursive ? QDirIterator::Subdirectories | QDirIterator::FollowSymlinks
                                                      : QDirIterator::IteratorFlags(QDirIterator::NoIteratorFlags);
  QDirIterator it(dir, QDir::Files, flags);
  while (it.hasNext()) {
    const QString path = it.next();
    if (suffixes.contains(it.fileInfo().suffix().toLower())) files.append(path);
  }
  // Plain code-point order: the same on every machine and locale, so datasets stay reproducible.
  std::sort(files.begin(), files.end());
  return files;
}

FolderLayout scanImageFolder(const QString& dirPath, bool findSplit) {
  if (!QFileInfo(dirPath).isDir()) throw DatasetError(str(dirPath), "no such folder");
  const QString root = QDir::cleanPath(dirPath);
  const QString trainRoot = root + QStringLiteral("/train");
  const QString testRoot = testFolderOf(root);
  if (findSplit && QFileInfo(trainRoot).isDir() && !testRoot.isEmpty()) return splitLayout(trainRoot, testRoot);

  FolderLayout layout;
  const std::vector<ClassFolder> classes = classFoldersOf(root);
  std::map<QString, int64_t> labelOf;
  for (const ClassFolder& c : classes) {
    labelOf.emplace(c.name, static_cast<int64_t>(layout.classNames.size()));
    layout.classNames.push_back(str(c.name));
  }
  layout.all = imagesOf(root, classes, labelOf);
  layout.all.root = dirPath;  // the folder as the user named it, in messages
  requireImages(layout.all);
  return layout;
}

}  // namespace vae
