package dev.airlock.analyze.domain;

import java.util.Set;

/**
 * What a checkout fetched and wrote into the sandbox.
 *
 * @param fetchedBytes bytes of git objects received (the repository directory's size)
 * @param repositoryBytes sum of the commit's blob sizes
 * @param filesWritten regular files written for analysis
 * @param bytesWritten their bytes
 * @param filesSkippedTooLarge files over the per-file cap, not written
 * @param bytesSkippedTooLarge their declared bytes
 * @param symlinksSkipped symbolic links, never created
 * @param submodulesSkipped submodules (gitlinks), never fetched
 * @param writtenPaths the written files' paths relative to the source root (SARIF locations must
 *     name one of them)
 * @param fetchMillis time to fetch
 * @param writeMillis time to check the tree and write the files
 * @param baseCommit the first parent whose results are carried forward (only files that differ from
 *     it were written), or null for a full checkout
 * @param unchangedPaths files of the commit identical to {@code baseCommit}'s, not written (empty
 *     for a full checkout)
 */
public record CheckoutReport(
    long fetchedBytes,
    long repositoryBytes,
    int filesWritten,
    long bytesWritten,
    int filesSkippedTooLarge,
    long bytesSkippedTooLarge,
    int symlinksSkipped,
    int submodulesSkipped,
    Set<String> writtenPaths,
    long fetchMillis,
    long writeMillis,
    String baseCommit,
    Set<String> unchangedPaths) {

  public CheckoutReport {
    writtenPaths = Set.copyOf(writtenPaths);
    unchangedPaths = unchangedPaths == null ? Set.of() : Set.copyOf(unchangedPaths);
    if (baseCommit == null && !unchangedPaths.isEmpty()) {
      throw new IllegalArgumentException("unchanged paths need a base commit");
    }
  }

  /** Whether only the files changed since {@link #baseCommit()} were written. */
  public boolean incremental() {
    return baseCommit != null;
  }
}
