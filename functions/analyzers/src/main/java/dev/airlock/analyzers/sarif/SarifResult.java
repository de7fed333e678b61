package dev.airlock.analyzers.sarif;

import java.util.Map;
import java.util.Objects;

/**
 * One finding. It names a rule and a place; its message is the rule's generic description, and a
 * secret finding carries a keyed fingerprint of the secret, never the secret.
 *
 * @param ruleId id of a rule of the same run
 * @param level the finding's level
 * @param location where it is
 * @param partialFingerprints fingerprint name to hex digest (may be empty)
 */
public record SarifResult(
    String ruleId,
    SarifLevel level,
    SarifLocation location,
    Map<String, String> partialFingerprints) {

  public SarifResult {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(location, "location");
    partialFingerprints = Map.copyOf(partialFingerprints);
  }
}
