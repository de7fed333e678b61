package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The replica check of one backup run.
 *
 * @param outcome {@code replicated} (every checked object is in the replica and identical), {@code
 *     pending} (some are still within the replication window), {@code problem} (at least one is
 *     missing, different, late or failed: the alarmed metric was raised) or {@code not-configured}
 *     (no replica bucket)
 * @param replicaBucket the replica bucket, or null
 * @param checks one entry per object checked
 */
@Serdeable
public record ReplicationReport(
    String outcome, @Nullable String replicaBucket, List<ReplicaCheck> checks) {

  public static final String REPLICATED = "replicated";
  public static final String PENDING = "pending";
  public static final String PROBLEM = "problem";
  public static final String NOT_CONFIGURED = "not-configured";

  public ReplicationReport {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** How many checks have {@code status}. */
  public long count(String status) {
    return checks.stream().filter(c -> c.status().equals(status)).count();
  }
}
