package dev.airlock.backup.domain;

import dev.airlock.backup.port.MetricsPublisher;
import dev.airlock.backup.port.MetricsPublisher.Metric;
import dev.airlock.backup.port.RestoreTarget;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The scheduled restore drill: proves that the latest snapshot of a region (the replica, in
 * production) restores. It verifies the snapshot end to end; then, with a scratch target, restores
 * it under a fresh scratch prefix, reads every restored object back and compares it with the
 * SHA-256 the snapshot recorded when it read the source, checks nothing else landed there, and
 * removes the scratch prefix again. Without a scratch target it streams the snapshot through the
 * same checks without writing ({@code in-memory}).
 *
 * <p>Publishes {@code RestoreDrillPassed} or {@code RestoreDrillFailed} and writes one audit record
 * ({@code backup.drill}).
 */
public final class RestoreDrill {

  /** Where a drill restores to: a bucket (never the live state) and a root for scratch prefixes. */
  public record Scratch(RestoreTarget target, String prefixRoot) {
    public Scratch {
      if (target == null) {
        throw new IllegalArgumentException("a scratch target is required");
      }
      RestoreRequest.requirePrefix(prefixRoot);
      if (prefixRoot.isEmpty()) {
        throw new IllegalArgumentException("a drill needs a scratch prefix, never a bucket's root");
      }
    }
  }

  private final SnapshotCatalog catalog;
  private final RestoreService.Site site;
  private final BackupRegion region;
  private final Scratch scratch;
  private final RandomGenerator random;
  private final MetricsPublisher metrics;
  private final AuditLog audit;

  /**
   * @param site the region to drill (its bucket and reader)
   * @param scratch where to restore, or null to drill in memory
   */
  public RestoreDrill(
      SnapshotCatalog catalog,
      RestoreService.Site site,
      BackupRegion region,
      Scratch scratch,
      RandomGenerator random,
      MetricsPublisher metrics,
      AuditLog audit) {
    this.catalog = catalog;
    this.site = site;
    this.region = region;
    this.scratch = scratch;
    this.random = random;
    this.metrics = metrics;
    this.audit = audit;
  }

  /** Runs the drill; never throws for a failed drill (the report says so). */
  public DrillReport run() {
    String mode = scratch == null ? "in-memory" : "scratch";
    String snapshotId = null;
    String prefix = null;
    long[] tally = new long[4]; // compared, mismatched, missing, extra
    boolean cleanedUp = false;
    DrillReport report;
    try {
      LocatedSnapshot located = catalog.resolve(site.store(), "latest");
      snapshotId = located.manifest().snapshotId();
      SnapshotReader.ReadResult verified = site.reader().read(located, (e, in, sha) -> {});
      if (scratch == null) {
        tally[0] = verified.entries();
      } else {
        prefix = scratch.prefixRoot() + snapshotId + "-" + suffix() + "/";
        RestoreTarget target = scratch.target();
        if (!target.isEmpty(prefix)) {
          throw new IllegalStateException("scratch prefix is not empty");
        }
        String into = prefix;
        try {
          site.reader()
              .read(
                  located,
                  (e, in, sha) -> {
                    target.put(into + e.key(), e, in);
                    // Reading to the end makes the reader check (and reveal) the recorded digest.
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    String recorded = sha.get().orElseThrow(() -> new IOException("unread entry"));
                    Optional<String> restored = target.sha256(into + e.key());
                    tally[0]++;
                    if (restored.isEmpty()) {
                      tally[2]++;
                    } else if (!restored.get().equals(recorded)) {
                      tally[1]++;
                    }
                  });
          long present = target.count(prefix);
          tally[3] = Math.max(0, present - (tally[0] - tally[2]));
        } finally {
          target.deleteAll(prefix);
          cleanedUp = target.isEmpty(prefix);
        }
      }
      boolean passed =
          tally[1] == 0 && tally[2] == 0 && tally[3] == 0 && (scratch == null || cleanedUp);
      report =
          new DrillReport(
              passed ? DrillReport.PASSED : DrillReport.FAILED,
              snapshotId,
              region.wireName(),
              mode,
              scratch == null ? null : scratch.target().bucket(),
              prefix,
              tally[0],
              tally[1],
              tally[2],
              tally[3],
              cleanedUp,
              passed ? null : "mismatch",
              null,
              passed ? null : "restored objects differ from the snapshot's record of the source");
    } catch (RuntimeException | IOException e) {
      RestoreService.Failure f = RestoreService.Failure.of(e);
      report =
          new DrillReport(
              DrillReport.FAILED,
              snapshotId,
              region.wireName(),
              mode,
              scratch == null ? null : scratch.target().bucket(),
              prefix,
              tally[0],
              tally[1],
              tally[2],
              tally[3],
              cleanedUp,
              f.code(),
              f.chunk(),
              f.message());
    }
    metrics.publish(
        List.of(Metric.count(report.succeeded() ? "RestoreDrillPassed" : "RestoreDrillFailed", 1)));
    Map<String, String> ids = new LinkedHashMap<>();
    if (snapshotId != null) {
      ids.put("snapshot", snapshotId);
    }
    ids.put("region", region.wireName());
    ids.put("mode", mode);
    ids.put("compared", Long.toString(report.objectsCompared()));
    audit.record(
        AuditRecord.of(
            "backup.drill", report.succeeded() ? "succeeded" : "failed", report.failure(), ids));
    return report;
  }

  private String suffix() {
    byte[] b = new byte[4];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
