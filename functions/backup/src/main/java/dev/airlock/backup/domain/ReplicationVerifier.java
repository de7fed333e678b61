package dev.airlock.backup.domain;

import dev.airlock.backup.port.MetricsPublisher;
import dev.airlock.backup.port.MetricsPublisher.Metric;
import dev.airlock.backup.port.SnapshotStore;
import dev.airlock.backup.port.SnapshotStore.ObjectFacts;
import dev.airlock.backup.port.SnapshotStore.ReplicationStatus;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.Digests;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a backup run's snapshot (and the few before it) reached the replica region intact.
 *
 * <p>For each object (manifest and archive) it reads the source's replication status where the
 * store reports one ({@code FAILED} is final; S3Mock reports none, which means "look at the
 * replica"), then polls the replica until it is there or the run's wait budget is spent. A replica
 * that is there is compared with the source: size, then S3's SHA-256 checksum when both copies have
 * one of the same form, else the SHA-256 of the replica's bytes against the digest the manifest
 * records. The outcome per object is {@code replicated}, {@code late} (identical, but it arrived
 * after the replication time window), {@code different}, {@code failed}, {@code missing} (absent
 * after the window) or {@code pending} (absent, still within the window: the next run checks it
 * again as a previous snapshot).
 *
 * <p>Publishes {@code ReplicaMissing}, {@code ReplicaDifferent}, {@code ReplicaLate}, {@code
 * ReplicaFailed}, {@code ReplicaPending} and their alarmed sum {@code
 * ReplicationVerificationFailures}, and writes one audit record ({@code backup.replication}).
 */
public final class ReplicationVerifier {

  /**
   * @param window the replication time window (S3 RTC: 15 minutes)
   * @param maxWait how long one run waits for replicas to appear (bounded by the function timeout)
   * @param pollInterval how often it looks
   * @param lookback how many snapshots before the new one are checked again
   */
  public record Policy(Duration window, Duration maxWait, Duration pollInterval, int lookback) {
    public Policy {
      if (window == null || maxWait == null || pollInterval == null) {
        throw new IllegalArgumentException("replication policy durations are required");
      }
      if (window.isNegative() || maxWait.isNegative() || pollInterval.isNegative()) {
        throw new IllegalArgumentException("replication policy durations must not be negative");
      }
      if (lookback < 0) {
        throw new IllegalArgumentException("lookback must not be negative");
      }
    }
  }

  public static final String METRIC_FAILURES = "ReplicationVerificationFailures";

  private final SnapshotStore primary;
  private final SnapshotStore replica;
  private final SnapshotCatalog catalog;
  private final Policy policy;
  private final Clock clock;
  private final MetricsPublisher metrics;
  private final AuditLog audit;

  /**
   * @param replica the replica bucket, or null if replication is not configured
   */
  public ReplicationVerifier(
      SnapshotStore primary,
      SnapshotStore replica,
      SnapshotCatalog catalog,
      Policy policy,
      Clock clock,
      MetricsPublisher metrics,
      AuditLog audit) {
    this.primary = primary;
    this.replica = replica;
    this.catalog = catalog;
    this.policy = policy;
    this.clock = clock;
    this.metrics = metrics;
    this.audit = audit;
  }

  /** Checks {@code latest} and up to {@code lookback} complete snapshots before it. */
  public ReplicationReport check(Manifest latest) {
    return check(latest, null);
  }

  /**
   * Like {@link #check(Manifest)}, with the manifest's bytes as the run just wrote them (null to
   * read them from the primary), so they are not read back.
   */
  public ReplicationReport check(Manifest latest, byte[] latestManifestBytes) {
    if (replica == null) {
      return new ReplicationReport(ReplicationReport.NOT_CONFIGURED, null, List.of());
    }
    return check(latest, latestManifestBytes, catalog.list(primary), null);
  }

  /**
   * Like {@link #check(Manifest, byte[])}, with the earlier snapshots as the run that wrote {@code
   * latest} found them just before: {@code listed}, its listing of the primary (newest first), and
   * {@code previous}, the one of them it located (null if none). So an hourly run lists the bucket
   * once and reads the previous manifest once; a snapshot completed by someone else between that
   * listing and now is not looked at (its own run checks it).
   */
  public ReplicationReport check(
      Manifest latest,
      byte[] latestManifestBytes,
      List<SnapshotRef> listed,
      @Nullable LocatedSnapshot previous) {
    if (replica == null) {
      return new ReplicationReport(ReplicationReport.NOT_CONFIGURED, null, List.of());
    }
    List<Target> targets = new ArrayList<>();
    addTargets(
        targets,
        latest,
        latestManifestBytes != null
            ? latestManifestBytes
            : primary.readManifest(latest.ref()).orElse(null),
        null);
    int added = 0;
    for (SnapshotRef ref : listed) {
      if (added >= policy.lookback()) {
        break;
      }
      if (ref.compareTo(latest.ref()) >= 0) {
        continue;
      }
      LocatedSnapshot earlier;
      if (previous != null && previous.ref().equals(ref)) {
        earlier = previous;
      } else {
        try {
          // The listing names it: locate it there (no second listing per snapshot), and reuse
          // what locating read (the manifest's bytes, the archive's facts).
          earlier = catalog.locate(primary, ref);
        } catch (RuntimeException incomplete) {
          // Not a complete snapshot in the primary either: nothing to expect in the replica.
          continue;
        }
      }
      addTargets(targets, earlier.manifest(), earlier.manifestBytes(), earlier.archive());
      added++;
    }
    return check(targets);
  }

  /** Checks the named snapshot only (operators: "is this one replicated?"). */
  public ReplicationReport checkOne(String snapshot) {
    if (replica == null) {
      return new ReplicationReport(ReplicationReport.NOT_CONFIGURED, null, List.of());
    }
    List<Target> targets = new ArrayList<>();
    LocatedSnapshot located = catalog.resolve(primary, snapshot);
    addTargets(targets, located.manifest(), located.manifestBytes(), located.archive());
    return check(targets);
  }

  /**
   * The manifest (when its bytes are known) and the archive of {@code m}; {@code archive}: the
   * primary archive's facts if already described, else null (then {@link #look} describes it).
   */
  private void addTargets(
      List<Target> targets, Manifest m, byte[] manifestBytes, ObjectFacts archive) {
    SnapshotRef ref = m.ref();
    if (manifestBytes != null) {
      targets.add(
          new Target(
              m.snapshotId(),
              "manifest",
              ref.manifestKey(),
              manifestBytes.length,
              Digests.sha256Hex(manifestBytes)));
    }
    Target archiveTarget =
        new Target(
            m.snapshotId(), "archive", ref.archiveKey(), m.ciphertextBytes(), m.ciphertextSha256());
    if (archive != null) {
      archiveTarget.known(archive, policy.window());
    }
    targets.add(archiveTarget);
  }

  private ReplicationReport check(List<Target> targets) {
    Instant giveUp = clock.instant().plus(policy.maxWait());
    List<Target> open = new ArrayList<>(targets);
    while (true) {
      for (Iterator<Target> it = open.iterator(); it.hasNext(); ) {
        if (evaluate(it.next())) {
          it.remove();
        }
      }
      if (open.isEmpty() || !clock.instant().isBefore(giveUp)) {
        break;
      }
      sleep(policy.pollInterval());
    }
    Instant now = clock.instant();
    for (Target t : open) {
      boolean overdue = t.deadline == null || now.isAfter(t.deadline);
      t.result =
          overdue
              ? new ReplicaCheck(t.snapshotId, t.object, ReplicaCheck.MISSING, "not in the replica")
              : new ReplicaCheck(
                  t.snapshotId, t.object, ReplicaCheck.PENDING, "within the replication window");
    }
    List<ReplicaCheck> checks = targets.stream().map(t -> t.result).toList();
    ReplicationReport report = new ReplicationReport(outcome(checks), replica.bucket(), checks);
    publish(report);
    return report;
  }

  /** One look at one object; true once its outcome is final. */
  private boolean evaluate(Target t) {
    try {
      return look(t);
    } catch (RuntimeException e) {
      // A check that cannot be made proves nothing about the replica: report it, do not throw
      // (the snapshot itself is already complete and must not be reported as failed).
      t.result =
          new ReplicaCheck(
              t.snapshotId,
              t.object,
              ReplicaCheck.UNVERIFIED,
              "could not be checked: " + e.getClass().getSimpleName());
      return true;
    }
  }

  private boolean look(Target t) {
    if (t.source == null) {
      Optional<ObjectFacts> source = primary.describe(t.key);
      if (source.isEmpty()) {
        t.result =
            new ReplicaCheck(t.snapshotId, t.object, ReplicaCheck.MISSING, "not in the primary");
        return true;
      }
      t.known(source.get(), policy.window());
    }
    if (t.source.replication() == ReplicationStatus.FAILED) {
      t.result = new ReplicaCheck(t.snapshotId, t.object, ReplicaCheck.FAILED, "S3 reports FAILED");
      return true;
    }
    Optional<ObjectFacts> copy = replica.describe(t.key);
    Instant now = clock.instant();
    if (copy.isEmpty()) {
      if (t.deadline == null || now.isAfter(t.deadline)) {
        t.absentAfterWindow = true;
      }
      return false;
    }
    t.result = compare(t, copy.get());
    return true;
  }

  private ReplicaCheck compare(Target t, ObjectFacts copy) {
    if (copy.size() != t.size || t.source.size() != t.size) {
      return new ReplicaCheck(t.snapshotId, t.object, ReplicaCheck.DIFFERENT, "size differs");
    }
    String how;
    String sourceSum = t.source.checksumSha256();
    String copySum = copy.checksumSha256();
    if (sourceSum != null && copySum != null && sameForm(sourceSum, copySum)) {
      if (!sourceSum.equals(copySum)) {
        return new ReplicaCheck(
            t.snapshotId, t.object, ReplicaCheck.DIFFERENT, "S3 SHA-256 checksum differs");
      }
      how = "S3 SHA-256 checksum";
    } else {
      if (!t.sha256.equals(sha256(t.key))) {
        return new ReplicaCheck(
            t.snapshotId, t.object, ReplicaCheck.DIFFERENT, "SHA-256 of the replica differs");
      }
      how = "SHA-256 of the replica";
    }
    boolean lateByClock =
        copy.lastModified() != null
            && t.source.lastModified() != null
            && Duration.between(t.source.lastModified(), copy.lastModified())
                    .compareTo(policy.window())
                > 0;
    if (t.absentAfterWindow || lateByClock) {
      return new ReplicaCheck(
          t.snapshotId, t.object, ReplicaCheck.LATE, "identical, but after the window; " + how);
    }
    return new ReplicaCheck(t.snapshotId, t.object, ReplicaCheck.REPLICATED, how);
  }

  /** A multipart checksum ({@code <b64>-<parts>}) only compares with one of the same part count. */
  private static boolean sameForm(String a, String b) {
    int da = a.lastIndexOf('-');
    int db = b.lastIndexOf('-');
    return da < 0 && db < 0 || da >= 0 && db >= 0 && a.substring(da).equals(b.substring(db));
  }

  private String sha256(String key) {
    MessageDigest digest = Digests.sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = replica.open(key, null)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the replica failed", e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String outcome(List<ReplicaCheck> checks) {
    if (checks.stream().anyMatch(ReplicaCheck::alarming)) {
      return ReplicationReport.PROBLEM;
    }
    if (checks.stream().anyMatch(c -> ReplicaCheck.PENDING.equals(c.status()))) {
      return ReplicationReport.PENDING;
    }
    return ReplicationReport.REPLICATED;
  }

  private void publish(ReplicationReport report) {
    long missing = report.count(ReplicaCheck.MISSING);
    long different = report.count(ReplicaCheck.DIFFERENT);
    long late = report.count(ReplicaCheck.LATE);
    long failed = report.count(ReplicaCheck.FAILED) + report.count(ReplicaCheck.UNVERIFIED);
    metrics.publish(
        List.of(
            Metric.count("ReplicaMissing", missing),
            Metric.count("ReplicaDifferent", different),
            Metric.count("ReplicaLate", late),
            Metric.count("ReplicaFailed", failed),
            Metric.count("ReplicaPending", report.count(ReplicaCheck.PENDING)),
            Metric.count(METRIC_FAILURES, missing + different + late + failed)));
    Map<String, String> ids = new LinkedHashMap<>();
    report.checks().stream().findFirst().ifPresent(c -> ids.put("snapshot", c.snapshotId()));
    ids.put("checked", Integer.toString(report.checks().size()));
    ids.put("missing", Long.toString(missing));
    ids.put("different", Long.toString(different));
    ids.put("late", Long.toString(late));
    ids.put("failed", Long.toString(failed));
    audit.record(
        AuditRecord.of(
            "backup.replication",
            ReplicationReport.PROBLEM.equals(report.outcome()) ? "failed" : "succeeded",
            ReplicationReport.PROBLEM.equals(report.outcome()) ? "replica-problem" : null,
            ids));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for replicas", e);
    }
  }

  /** One object to check and what is known about it so far. */
  private static final class Target {
    final String snapshotId;
    final String object;
    final String key;
    final long size;
    final String sha256;
    ObjectFacts source;
    Instant deadline;
    boolean absentAfterWindow;
    ReplicaCheck result;

    Target(String snapshotId, String object, String key, long size, String sha256) {
      this.snapshotId = snapshotId;
      this.object = object;
      this.key = key;
      this.size = size;
      this.sha256 = sha256;
    }

    /** The primary copy's facts, and the end of its replication window. */
    void known(ObjectFacts primaryFacts, Duration window) {
      source = primaryFacts;
      deadline =
          primaryFacts.lastModified() == null ? null : primaryFacts.lastModified().plus(window);
    }
  }
}
