package dev.airlock.analyzers.secrets;

import java.util.Objects;

/**
 * A secret found: where, by which rule, and a fingerprint. It deliberately has no field for the
 * secret, the match or the line.
 *
 * @param ruleId the rule that found it
 * @param path relative path of the file
 * @param startLine 1-based line of the secret's first character, or 0 for a path-only rule
 * @param startColumn 1-based column (UTF-16 code units), or 0
 * @param endLine 1-based line of the secret's last character, or 0
 * @param endColumn column just past the secret, or 0
 * @param fingerprint keyed hash of the secret, or {@code null} for a path-only rule
 */
public record SecretFinding(
    String ruleId,
    String path,
    int startLine,
    int startColumn,
    int endLine,
    int endColumn,
    String fingerprint) {

  public SecretFinding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(path, "path");
  }

  /** Whether the finding is about the file itself (a path-only rule), with no position. */
  public boolean isPathOnly() {
    return startLine == 0;
  }
}
