package dev.airlock.analyzers.files;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists the regular files of a checkout without following symbolic links: a link (to {@code
 * /etc/passwd}, to another job's sandbox, to a directory) is counted and skipped, never read or
 * descended into. The {@code .git} directory is skipped.
 */
public final class RepositoryWalker {

  private RepositoryWalker() {}

  /**
   * Lists the tree under {@code root}.
   *
   * @throws IOException if the root is not a directory (a link to one is refused) or cannot be read
   */
  public static RepositoryListing list(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the checkout root is not a directory");
    }
    List<RepositoryFile> files = new ArrayList<>();
    int[] counts = new int[3];
    Files.walkFileTree(
        root,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && dir.getFileName().toString().equals(".git")) {
              counts[1]++;
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // Without FOLLOW_LINKS these are the link's own attributes.
            if (attrs.isRegularFile()) {
              files.add(new RepositoryFile(relative(root, file), file, attrs.size()));
            } else {
              counts[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            counts[2]++;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
              counts[2]++;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(Comparator.comparing(RepositoryFile::relativePath));
    return new RepositoryListing(files, counts[0], counts[1], counts[2]);
  }

  static String relative(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder out = new StringBuilder();
    for (Path part : rel) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }
}
