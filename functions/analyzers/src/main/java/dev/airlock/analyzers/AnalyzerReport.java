package dev.airlock.analyzers;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The result of {@link Analyzers#run}: the scrubbed SARIF 2.1.0 log and its summary.
 *
 * @param sarifJson the log as compact JSON, already scrubbed and within the request's limits
 * @param summary counts and sizes
 */
public record AnalyzerReport(String sarifJson, AnalyzerSummary summary) {

  public AnalyzerReport {
    Objects.requireNonNull(sarifJson, "sarifJson");
    Objects.requireNonNull(summary, "summary");
  }

  /** The log as UTF-8 bytes. */
  public byte[] sarifBytes() {
    return sarifJson.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether every requested analyzer ran to completion. */
  public boolean successful() {
    return AnalyzerSummary.OK.equals(summary.status());
  }

  @Override
  public String toString() {
    return "AnalyzerReport[" + summary.toJson() + "]";
  }
}
