package dev.airlock.analyzers;

import java.util.Locale;
import java.util.Optional;

/** The analyzers available, by the name used on the command line and in summaries. */
public enum AnalyzerKind {
  /** gitleaks rules plus entropy: finds secrets, reports fingerprints. */
  SECRETS,
  /** PMD 7 static analysis. */
  PMD;

  /** Lower-case name ({@code secrets}, {@code pmd}). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The analyzer with this name, if any. */
  public static Optional<AnalyzerKind> fromCliName(String name) {
    for (AnalyzerKind kind : values()) {
      if (kind.cliName().equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
