package dev.airlock.core.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One audit event. {@code action} is a dotted verb ({@code webhook.received}, {@code token.minted},
 * {@code sandbox.purged}); {@code outcome} is one of {@code accepted}, {@code ignored}, {@code
 * rejected}, {@code succeeded}, {@code failed}; {@code reason} is a short machine-readable reason
 * or null; {@code ids} are identifiers only (delivery id, account, job, repository) — never
 * secrets, signatures, bodies or source.
 */
@Serdeable
public record AuditRecord(
    Instant time, String action, String outcome, @Nullable String reason, Map<String, String> ids) {

  public AuditRecord {
    if (time == null
        || action == null
        || action.isBlank()
        || outcome == null
        || outcome.isBlank()) {
      throw new IllegalArgumentException("audit record needs time, action and outcome");
    }
    ids = ids == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(ids));
  }

  /** Starts a record stamped now. */
  public static AuditRecord of(
      String action, String outcome, @Nullable String reason, Map<String, String> ids) {
    return new AuditRecord(Instant.now(), action, outcome, reason, ids);
  }
}
