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
    long writeMillis) {

  public CheckoutReport {
    writtenPaths = Set.copyOf(writtenPaths);
  }
}
