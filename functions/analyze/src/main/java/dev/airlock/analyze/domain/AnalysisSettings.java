package dev.airlock.analyze.domain;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Plain settings of the analysis domain, built from configuration at the composition root.
 *
 * @param caps the checkout and analysis limits
 * @param analyzers the analyzer names passed to the analyzer process ({@code secrets}, {@code pmd})
 * @param analyzerSetVersion bumped whenever the analyzers' behaviour changes, so a commit analyzed
 *     by an older set is analyzed again (it is part of the idempotency key)
 * @param runLease how long a claimed run blocks other deliveries of the same commit; longer than
 *     the function timeout, so only a run that was killed loses its claim
 * @param purgeReserve time kept back from the invocation deadline for purge, receipt and run record
 */
public record AnalysisSettings(
    Caps caps,
    List<String> analyzers,
    String analyzerSetVersion,
    Duration runLease,
    Duration purgeReserve) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9\\-]{0,31}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_\\-]{1,32}");

  public AnalysisSettings {
    if (caps == null) {
      throw new IllegalArgumentException("caps are required");
    }
    analyzers = List.copyOf(analyzers);
    if (analyzers.isEmpty() || !analyzers.stream().allMatch(a -> NAME.matcher(a).matches())) {
      throw new IllegalArgumentException("analyzer names are invalid");
    }
    if (analyzerSetVersion == null || !VERSION.matcher(analyzerSetVersion).matches()) {
      throw new IllegalArgumentException("analyzer set version is invalid");
    }
    if (runLease == null || runLease.isNegative() || runLease.isZero()) {
      throw new IllegalArgumentException("run lease must be positive");
    }
    if (purgeReserve == null || purgeReserve.isNegative()) {
      throw new IllegalArgumentException("purge reserve must not be negative");
    }
  }

  /** {@code secrets-pmd.v1}: names the analyzer set in keys (a safe key segment). */
  public String analyzerSetId() {
    return String.join("-", analyzers) + ".v" + analyzerSetVersion;
  }
}
