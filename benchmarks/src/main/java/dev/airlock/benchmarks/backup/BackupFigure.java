package dev.airlock.benchmarks.backup;

import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 8: a snapshot of a synthetic state (1 GiB, mostly ciphertext) taken by the backup
 * function's own code in a child JVM with {@code -Xmx256m} against the local S3Mock and KMS, CPU
 * per content byte (the child's process CPU during the snapshot: every thread, GC and JIT included;
 * S3Mock is another process) ÷ {@code Deflater} level 1 + AES-256-GCM over the same bytes in the
 * same JVM. A row fails when the snapshot's heap high-water exceeds 256 MiB; a last row backs up 2
 * GiB under the same {@code -Xmx256m} (the memory bound of issue 6). See {@link BackupBench}.
 */
public final class BackupFigure implements Figure {

  @Override
  public String id() {
    return "8";
  }

  @Override
  public String title() {
    return "Backup end to end, CPU per byte";
  }

  @Override
  public String floorDescription() {
    return "JDK Deflater level 1 + AES-256-GCM (1 MiB chunks) over the same bytes in memory, same"
        + " child JVM";
  }

  @Override
  public Target target() {
    return Target.atMost(1.2);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    String missing = BackupBench.missing(ctx);
    if (missing != null) {
      return List.of(Result.notMeasured(id(), title(), target(), missing));
    }
    BackupBench.Outcome o = BackupBench.measure(ctx);
    List<Result> rows = new ArrayList<>();
    rows.add(row(o, o.main(), "compression none (the default)"));
    if (o.deflate() != null) {
      rows.add(row(o, o.deflate(), "compression deflate"));
    }
    if (o.big() != null) {
      BackupBench.Phase b = o.big().phases().get("backup");
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("stateBytes", o.bigBytes());
      d.put("objects", o.big().manifest().get("objects"));
      d.put("childFlags", BackupBench.CHILD_FLAGS);
      d.put("peakHeapMiB", mib(b.get("peakHeap")));
      d.put("gcCount", b.get("gcCount"));
      d.put("gcMillis", b.get("gcMillis"));
      d.put("backupCpuNanosPerByte", round(b.get("cpuNanos") / (double) o.bigBytes()));
      d.put("backupWallSeconds", round(b.get("wallNanos") / 1e9));
      d.put("childCpuSeconds", round(o.big().cpuMillis() / 1000));
      d.put("growStateSeconds", round(o.bigSetupSeconds()));
      d.put("growAndBackupSeconds", round(o.bigTotalSeconds()));
      rows.add(
          Result.measured(
              id(),
              "memory bound: " + o.bigBytes() / BackupBench.MIB + " MiB state, heap high-water",
              new Measurement(mib(b.get("peakHeap")), "MiB"),
              new Measurement(BackupBench.HEAP_BYTES / (double) BackupBench.MIB, "MiB (-Xmx)"),
              Target.atMost(1.0),
              null,
              d));
    }
    return rows;
  }

  private Result row(BackupBench.Outcome o, BackupBench.Child c, String variant) {
    BackupBench.Phase b = c.phases().get("backup");
    BackupBench.Phase f = c.phases().get("floor");
    long bytes = c.manifest().get("contentBytes");
    double measured = b.get("cpuNanos") / (double) bytes;
    double floor = f.get("sealNanos") / (double) f.get("bytes");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("stateBytes", bytes);
    d.put("objects", c.manifest().get("objects"));
    d.put("jsonShareOfBytes", round(o.jsonBytes() / (double) o.bytes()));
    d.put("archiveBytes", c.manifest().get("ciphertextBytes"));
    d.put("floorDeflatedBytes", f.get("deflatedBytes"));
    d.put("childFlags", BackupBench.CHILD_FLAGS);
    d.put("backupCpuSeconds", round(b.get("cpuNanos") / 1e9));
    d.put("backupWallSeconds", round(b.get("wallNanos") / 1e9));
    d.put("floorCpuSeconds", round(f.get("sealNanos") / 1e9));
    d.put("peakHeapMiB", mib(b.get("peakHeap")));
    d.put("gcCount", b.get("gcCount"));
    d.put("gcMillis", b.get("gcMillis"));
    d.put("stateUploadSeconds", round(o.uploadSeconds()));
    String heapFailure =
        b.get("peakHeap") > BackupBench.HEAP_BYTES
            ? "heap high-water " + mib(b.get("peakHeap")) + " MiB exceeds 256 MiB"
            : null;
    return Result.measured(
        id(),
        bytes / BackupBench.MIB + " MiB, " + variant,
        new Measurement(round(measured), "ns CPU/B"),
        new Measurement(round(floor), "ns CPU/B"),
        target(),
        heapFailure,
        d);
  }

  static double mib(long bytes) {
    return Math.round(bytes / (double) BackupBench.MIB * 10) / 10.0;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
