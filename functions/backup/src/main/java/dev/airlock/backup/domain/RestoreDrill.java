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
import java.util.concurrent.atomic.AtomicLong;
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
  private final int writeConcurrency;
  private final MetricsPublisher metrics;
  private final AuditLog audit;

  /**
   * @param site the region to drill (its bucket and reader)
   * @param scratch where to restore, or null to drill in memory
   * @param writeConcurrency restored objects written (and read back) at a time
   */
  public RestoreDrill(
      SnapshotCatalog catalog,
      RestoreService.Site site,
      BackupRegion region,
      Scratch scratch,
      RandomGenerator random,
      int writeConcurrency,
      MetricsPublisher metrics,
      AuditLog audit) {
    this.catalog = catalog;
    this.site = site;
    this.region = region;
    this.scratch = scratch;
    this.random = random;
    this.writeConcurrency = writeConcurrency;
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
        AtomicLong compared = new AtomicLong();
        AtomicLong mismatched = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        try (ParallelPuts puts = new ParallelPuts(writeConcurrency)) {
          site.reader()
              .read(
                  located,
                  (e, in, sha) -> {
                    String key = into + e.key();
                    DigestHolder recorded = new DigestHolder();
                    puts.put(
                        target,
                        key,
                        e,
                        new RecordingStream(in, sha, recorded),
                        sha,
                        () -> {
                          Optional<String> restored = target.sha256(key);
                          compared.incrementAndGet();
                          if (restored.isEmpty()) {
                            missing.incrementAndGet();
                          } else if (!restored.get().equals(recorded.value)) {
                            mismatched.incrementAndGet();
                          }
                        });
                  });
          puts.finish();
        } finally {
          tally[0] = compared.get();
          tally[1] = mismatched.get();
          tally[2] = missing.get();
        }
        try {
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

  /** The entry's recorded digest, captured once its bytes were read to the end. */
  private static final class DigestHolder {
    volatile String value;
  }

  /**
   * Passes an entry's bytes through and, at their end, captures the digest the snapshot recorded
   * for them (the reader has checked the bytes against it by then).
   */
  private static final class RecordingStream extends java.io.FilterInputStream {
    private final java.util.function.Supplier<Optional<String>> recorded;
    private final DigestHolder holder;

    RecordingStream(
        java.io.InputStream in,
        java.util.function.Supplier<Optional<String>> recorded,
        DigestHolder holder) {
      super(in);
      this.recorded = recorded;
      this.holder = holder;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      capture(b < 0);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      capture(n < 0);
      return n;
    }

    @Override
    public byte[] readAllBytes() throws IOException {
      byte[] all = super.readAllBytes();
      capture(true);
      return all;
    }

    private void capture(boolean atEnd) throws IOException {
      if (holder.value == null) {
        recorded.get().ifPresent(v -> holder.value = v);
      }
      if (atEnd && holder.value == null) {
        throw new IOException("entry digest unavailable");
      }
    }
  }

  private String suffix() {
    byte[] b = new byte[4];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
