package dev.airlock.analyzers.sarif;

import java.util.Objects;

/**
 * Where a result is: a path relative to the repository root (resolved against {@code SRCROOT}) and
 * optionally a region.
 *
 * @param relativePath {@code /}-separated path from the repository root, not yet URI-encoded
 * @param region the region, or {@code null} for a whole-file result
 */
public record SarifLocation(String relativePath, SarifRegion region) {

  /**
   * @throws IllegalArgumentException if the path cannot be written as a safe relative URI (see
   *     {@link #representable})
   */
  public SarifLocation {
    Objects.requireNonNull(relativePath, "relativePath");
    if (!representable(relativePath)) {
      throw new IllegalArgumentException("not a relative path inside the repository");
    }
  }

  /**
   * Whether a repository path can be written as a relative URI the scrubber keeps. A file name
   * holding a backslash cannot (it is a path separator to some consumers); analyzers drop and count
   * such results rather than fail.
   */
  public static boolean representable(String relativePath) {
    return SarifUris.isSafeRelativeUri(SarifUris.encodePath(relativePath));
  }
}
