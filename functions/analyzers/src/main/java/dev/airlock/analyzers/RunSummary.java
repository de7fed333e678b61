package dev.airlock.analyzers;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts of one analyzer's run, for the summary line. Numbers and names only: no path, no content.
 *
 * @param analyzer the analyzer's command-line name
 * @param tool the SARIF driver name
 * @param executionSuccessful whether it ran to completion
 * @param results results kept in the SARIF log
 * @param resultsTruncated results dropped by the SARIF limits
 * @param filesAnalyzed files whose content it analyzed
 * @param bytesAnalyzed bytes of those files
 * @param filesSkippedTooLarge files over the size cap
 * @param filesSkippedBinary binary files
 * @param filesUnreadable files that could not be read
 * @param counters analyzer-specific counts (e.g. {@code rulesSkipped}, {@code processingErrors})
 */
public record RunSummary(
    String analyzer,
    String tool,
    boolean executionSuccessful,
    int results,
    int resultsTruncated,
    long filesAnalyzed,
    long bytesAnalyzed,
    long filesSkippedTooLarge,
    long filesSkippedBinary,
    long filesUnreadable,
    Map<String, Long> counters) {

  public RunSummary {
    Objects.requireNonNull(analyzer, "analyzer");
    Objects.requireNonNull(tool, "tool");
    counters = Map.copyOf(new TreeMap<>(counters));
  }

  /** This summary with the counts left after scrubbing and limits. */
  public RunSummary afterLimits(int kept, int truncated) {
    return new RunSummary(
        analyzer,
        tool,
        executionSuccessful,
        kept,
        truncated,
        filesAnalyzed,
        bytesAnalyzed,
        filesSkippedTooLarge,
        filesSkippedBinary,
        filesUnreadable,
        counters);
  }

  /** A summary of an analyzer that failed before counting anything. */
  public static RunSummary failed(AnalyzerKind kind, String tool) {
    return new RunSummary(kind.cliName(), tool, false, 0, 0, 0, 0, 0, 0, 0, Map.of());
  }
}
