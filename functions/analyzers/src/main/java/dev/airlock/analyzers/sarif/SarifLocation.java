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
   * @throws IllegalArgumentException if the path is not a plain relative path
   */
  public SarifLocation {
    Objects.requireNonNull(relativePath, "relativePath");
    if (!SarifUris.isSafeRelativeUri(SarifUris.encodePath(relativePath))) {
      throw new IllegalArgumentException("not a relative path inside the repository");
    }
  }
}
