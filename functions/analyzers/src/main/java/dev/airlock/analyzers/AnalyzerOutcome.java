package dev.airlock.analyzers;

import dev.airlock.analyzers.sarif.SarifRun;
import java.util.Objects;

/**
 * What one analyzer produced.
 *
 * @param run its SARIF run, before scrubbing and limits
 * @param summary its counts, before scrubbing and limits
 */
public record AnalyzerOutcome(SarifRun run, RunSummary summary) {
  public AnalyzerOutcome {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(summary, "summary");
  }
}
