package dev.airlock.analyzers.files;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A regular file of the checkout, as seen when the tree was listed without following links.
 *
 * @param relativePath path from the checkout root, segments joined with {@code /}; never absolute
 *     and never containing {@code ..}
 * @param path the file's path on disk, under the root
 * @param size its size in bytes when it was listed
 */
public record RepositoryFile(String relativePath, Path path, long size) {

  /**
   * @throws IllegalArgumentException if the relative path is empty, absolute or climbs out of the
   *     root, or the size is negative
   */
  public RepositoryFile {
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(path, "path");
    if (relativePath.isEmpty()
        || relativePath.startsWith("/")
        || ("/" + relativePath + "/").contains("/../")
        || size < 0) {
      throw new IllegalArgumentException("not a path inside the checkout");
    }
  }
}
