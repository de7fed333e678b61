package dev.airlock.analyzers.files;

import java.util.List;

/**
 * The regular files of a checkout, sorted by relative path, and what the listing left out.
 *
 * @param files regular files, sorted by {@link RepositoryFile#relativePath()}
 * @param skippedNotRegular entries that are not regular files: symbolic links (never followed),
 *     devices, sockets, pipes
 * @param skippedDirectories directories not descended into ({@code .git})
 * @param unreadable entries the listing could not read
 */
public record RepositoryListing(
    List<RepositoryFile> files, int skippedNotRegular, int skippedDirectories, int unreadable) {

  public RepositoryListing {
    files = List.copyOf(files);
    if (skippedNotRegular < 0 || skippedDirectories < 0 || unreadable < 0) {
      throw new IllegalArgumentException("negative count");
    }
  }
}
