package dev.airlock.backup.domain;

import dev.airlock.backup.port.MetricsPublisher;
import dev.airlock.backup.port.MetricsPublisher.Metric;
import dev.airlock.backup.port.MetricsPublisher.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One scheduled backup run: a snapshot, then the replica check of it and of recent ones. Publishes
 * {@code SnapshotCompleted} (the "no snapshot in two hours" alarm watches it), {@code
 * SnapshotObjects}, {@code SnapshotBytes} and {@code SnapshotDuration}, or {@code SnapshotFailed}.
 */
public final class BackupService {
  private final SnapshotService snapshots;
  private final ReplicationVerifier replication;
  private final MetricsPublisher metrics;
  private final Clock clock;

  public BackupService(
      SnapshotService snapshots,
      ReplicationVerifier replication,
      MetricsPublisher metrics,
      Clock clock) {
    this.snapshots = snapshots;
    this.replication = replication;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Runs a backup.
   *
   * @throws SnapshotFailedException if the snapshot failed (nothing was published as complete)
   */
  public BackupReport run() {
    Instant started = clock.instant();
    SnapshotService.Result result;
    try {
      result = snapshots.snapshot();
    } catch (SnapshotFailedException e) {
      metrics.publish(List.of(Metric.count("SnapshotFailed", 1)));
      throw e;
    }
    Manifest m = result.manifest();
    metrics.publish(
        List.of(
            Metric.count("SnapshotCompleted", 1),
            Metric.count("SnapshotObjects", m.objectCount()),
            new Metric("SnapshotBytes", m.ciphertextBytes(), Unit.BYTES),
            new Metric(
                "SnapshotDuration",
                Duration.between(started, clock.instant()).toMillis() / 1000.0,
                Unit.SECONDS)));
    ReplicationReport replicas;
    try {
      replicas = replication.check(m, result.manifestBytes(), result.earlier(), result.previous());
    } catch (RuntimeException e) {
      // The snapshot is complete; a replica check that could not run is a problem to alarm on,
      // not a reason to report the backup itself as failed.
      replicas =
          new ReplicationReport(
              ReplicationReport.PROBLEM,
              null,
              List.of(
                  new ReplicaCheck(
                      m.snapshotId(),
                      "archive",
                      ReplicaCheck.UNVERIFIED,
                      "replica check failed: " + e.getClass().getSimpleName())));
      metrics.publish(List.of(Metric.count(ReplicationVerifier.METRIC_FAILURES, 1)));
    }
    return new BackupReport(BackupReport.SUCCEEDED, m, result.vanished(), replicas);
  }
}
