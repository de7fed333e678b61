package dev.airlock.analyzers;

import dev.airlock.analyzers.files.RepositoryListing;

/**
 * One analyzer: reads the listed files of a checkout and reports a SARIF run. Implementations read
 * files only through the listing (never following links) and put no file content into the run.
 */
public interface Analyzer {

  /** Which analyzer this is. */
  AnalyzerKind kind();

  /**
   * Analyzes the checkout.
   *
   * @param listing the checkout's regular files
   * @param request settings
   * @return the run and its counts; a failure inside the analyzer is reported by throwing, and the
   *     caller records a failed run
   */
  AnalyzerOutcome analyze(RepositoryListing listing, AnalyzerRequest request);

  /**
   * Analyzes the checkout as part of a job that started at {@code startedNanos} ({@link
   * System#nanoTime()}), for analyzers whose budget counts from the job's start rather than their
   * own.
   */
  default AnalyzerOutcome analyze(
      RepositoryListing listing, AnalyzerRequest request, long startedNanos) {
    return analyze(listing, request);
  }
}
