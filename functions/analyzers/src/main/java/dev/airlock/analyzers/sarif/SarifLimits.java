package dev.airlock.analyzers.sarif;

/**
 * Size limits a scrubbed log is cut to fit. {@link #GITHUB} follows GitHub code scanning's upload
 * limits: at most 25,000 results per run and 10 MB gzipped per file.
 *
 * @param maxResultsPerRun results kept per run; the rest are dropped with a note
 * @param maxGzipBytes gzipped size of the serialised log; results are dropped (with a note) until
 *     it fits
 * @param maxLocationsPerResult locations kept per result
 * @param maxRulesPerRun rule descriptors kept per run
 */
public record SarifLimits(
    int maxResultsPerRun, long maxGzipBytes, int maxLocationsPerResult, int maxRulesPerRun) {

  /** GitHub code scanning's limits. */
  public static final SarifLimits GITHUB = new SarifLimits(25_000, 10_000_000L, 100, 25_000);

  /**
   * @throws IllegalArgumentException if a limit is not positive
   */
  public SarifLimits {
    if (maxResultsPerRun < 1
        || maxGzipBytes < 1024
        || maxLocationsPerResult < 1
        || maxRulesPerRun < 1) {
      throw new IllegalArgumentException("SARIF limits must be positive");
    }
  }

  /** These limits with another results cap. */
  public SarifLimits withMaxResultsPerRun(int max) {
    return new SarifLimits(max, maxGzipBytes, maxLocationsPerResult, maxRulesPerRun);
  }

  /** These limits with another gzipped size cap. */
  public SarifLimits withMaxGzipBytes(long max) {
    return new SarifLimits(maxResultsPerRun, max, maxLocationsPerResult, maxRulesPerRun);
  }
}
