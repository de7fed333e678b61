package dev.airlock.analyzers.sarif;

import java.util.List;
import java.util.Objects;

/**
 * One analyzer's run.
 *
 * @param toolName driver name
 * @param toolVersion driver version, or {@code null}
 * @param informationUri tool home page, or {@code null}
 * @param rules rule descriptors (results reference them by id)
 * @param results findings
 * @param executionSuccessful whether the analyzer ran to completion
 * @param notes Airlock notes about the run (skips, truncation, failures)
 */
public record SarifRun(
    String toolName,
    String toolVersion,
    String informationUri,
    List<SarifRule> rules,
    List<SarifResult> results,
    boolean executionSuccessful,
    List<ToolNote> notes) {

  public SarifRun {
    Objects.requireNonNull(toolName, "toolName");
    rules = List.copyOf(rules);
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }
}
