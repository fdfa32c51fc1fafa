#include "conformance/io/canonical_path.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace kdual::io {
namespace {

namespace fs = std::filesystem;

// The cached answer is weakly_canonical's, for files of one folder, for a
// symbolic link to a file (resolved whole, never through the folder), and
// for paths that do not exist.
TEST(CanonicalPath, AgreesWithWeaklyCanonical) {
  fs::path root = fs::temp_directory_path() / ("kdual-canonical-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "golden" / "1.37" / "create");
  fs::create_directories(root / "elsewhere");
  std::ofstream(root / "golden" / "1.37" / "create" / "a.yaml") << "x";
  std::ofstream(root / "golden" / "1.37" / "create" / "b.yaml") << "x";
  std::ofstream(root / "elsewhere" / "c.yaml") << "x";
  fs::create_directory_symlink(root / "golden", root / "linked");
  fs::create_symlink(root / "elsewhere" / "c.yaml", root / "golden" / "1.37" / "create" / "l.yaml");
  const std::string base = root.string();
  for (const std::string& p :
       {base + "/golden/1.37/create/a.yaml", base + "/golden/1.37/create/b.yaml",
        base + "/golden/1.37/create/l.yaml", base + "/linked/1.37/create/a.yaml",
        base + "/golden/1.37/create/../create/b.yaml", base + "/golden/1.37/missing/z.yaml",
        base + "/golden/1.37/create/", base + "/golden/1.37/create/.."}) {
    EXPECT_EQ(CanonicalPath(p), fs::weakly_canonical(p).generic_string()) << p;
  }
  // Twice: the second answer comes from the folder cache.
  EXPECT_EQ(CanonicalPath(base + "/linked/1.37/create/b.yaml"),
            base + "/golden/1.37/create/b.yaml");
  EXPECT_EQ(CanonicalPath(base + "/golden/1.37/create/l.yaml"), base + "/elsewhere/c.yaml");
  fs::remove_all(root);
}

}  // namespace
}  // namespace kdual::io
