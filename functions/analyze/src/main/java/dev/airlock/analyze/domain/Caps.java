package dev.airlock.analyze.domain;

import java.time.Duration;

/**
 * Limits on one job's checkout and analysis. Each exceeded cap is an explicit {@link Reason},
 * except {@code maxFileBytes}: a larger file is not written to the sandbox and is counted as
 * skipped, and the analysis goes on without it.
 *
 * @param maxRepositoryBytes sum of the commit's blob sizes (and of the fetched pack) → {@link
 *     Reason#REPOSITORY_TOO_LARGE}
 * @param maxFiles blob entries in the commit's tree, and separately directories and submodules
 *     together → {@link Reason#TOO_MANY_FILES}
 * @param maxFileBytes largest file written for analysis; larger ones are skipped and counted
 * @param maxPathDepth directory levels of a path → {@link Reason#PATH_TOO_DEEP}
 * @param maxPathBytes UTF-8 bytes of a path → {@link Reason#PATH_TOO_LONG} (the checkout also
 *     refuses a shorter path that would not fit the kernel's limit once under the sandbox)
 * @param cloneTimeout wall time for fetch and checkout → {@link Reason#CLONE_TIMEOUT}
 * @param analyzerTimeout wall time for the analyzer process → {@link Reason#ANALYZER_TIMEOUT}
 * @param maxResultsPerRun SARIF results kept per run (GitHub code scanning: 25,000); more are
 *     truncated with a note
 * @param maxSarifGzipBytes gzipped size of the stored SARIF (GitHub: 10 MB); results are truncated
 *     with a note until it fits
 */
public record Caps(
    long maxRepositoryBytes,
    int maxFiles,
    long maxFileBytes,
    int maxPathDepth,
    int maxPathBytes,
    Duration cloneTimeout,
    Duration analyzerTimeout,
    int maxResultsPerRun,
    long maxSarifGzipBytes) {

  public Caps {
    if (maxRepositoryBytes < 1
        || maxFiles < 1
        || maxFileBytes < 1
        || maxPathDepth < 1
        || maxPathBytes < 1
        || maxResultsPerRun < 1
        || maxSarifGzipBytes < 1024) {
      throw new IllegalArgumentException("caps must be positive");
    }
    if (cloneTimeout == null
        || analyzerTimeout == null
        || cloneTimeout.isNegative()
        || cloneTimeout.isZero()
        || analyzerTimeout.isNegative()
        || analyzerTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** The documented defaults (512 MiB, 100,000 files, 1 MiB per file, GitHub's SARIF limits). */
  public static Caps defaults() {
    return new Caps(
        512L * 1024 * 1024,
        100_000,
        1024L * 1024,
        64,
        4096,
        Duration.ofSeconds(90),
        Duration.ofSeconds(150),
        25_000,
        10L * 1000 * 1000);
  }
}
