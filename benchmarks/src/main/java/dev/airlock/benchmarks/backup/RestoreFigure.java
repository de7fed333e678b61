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
 * Figure 9: restoring figure 8's snapshot with the function's own code in the same child JVM (a
 * verifying read of the archive that writes nothing: the manifest's tag, every chunk, the plaintext
 * and entry digests, the counts; then a second read, every chunk authenticated again, writing each
 * object under an empty prefix of the restore bucket with its SHA-256), CPU per content byte ÷
 * AES-256-GCM decryption + {@code Inflater} over the floor's sealed chunks of the same bytes. A
 * second row is {@code verify} alone (one read, nothing written). See {@link BackupBench}.
 */
public final class RestoreFigure implements Figure {

  @Override
  public String id() {
    return "9";
  }

  @Override
  public String title() {
    return "Restore + verify, CPU per byte";
  }

  @Override
  public String floorDescription() {
    return "AES-256-GCM decrypt + JDK Inflater over the floor's sealed 1 MiB chunks of the same"
        + " bytes, same child JVM";
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
    rows.add(row(o.main(), "restore", "compression none (the default): verify, then write"));
    rows.add(row(o.main(), "verify", "compression none: verify alone"));
    if (o.deflate() != null) {
      rows.add(row(o.deflate(), "verify", "compression deflate: verify alone"));
    }
    return rows;
  }

  private Result row(BackupBench.Child c, String phase, String variant) {
    BackupBench.Phase p = c.phases().get(phase);
    BackupBench.Phase f = c.phases().get("floor");
    long bytes = c.manifest().get("contentBytes");
    double measured = p.get("cpuNanos") / (double) bytes;
    double floor = f.get("openNanos") / (double) f.get("bytes");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("stateBytes", bytes);
    d.put("archiveBytes", c.manifest().get("ciphertextBytes"));
    d.put("childFlags", BackupBench.CHILD_FLAGS);
    d.put(phase + "CpuSeconds", BackupFigure.round(p.get("cpuNanos") / 1e9));
    d.put(phase + "WallSeconds", BackupFigure.round(p.get("wallNanos") / 1e9));
    d.put("floorCpuSeconds", BackupFigure.round(f.get("openNanos") / 1e9));
    d.put("peakHeapMiB", BackupFigure.mib(p.get("peakHeap")));
    d.put("gcCount", p.get("gcCount"));
    // Where the CPU went: the kernel (loopback socket I/O) and the JIT compilers, beside the rest.
    d.put(phase + "UserSeconds", p.values().getOrDefault("userTicks", 0L) / 100.0);
    d.put(phase + "SystemSeconds", p.values().getOrDefault("systemTicks", 0L) / 100.0);
    d.put(phase + "JitCpuSeconds", p.values().getOrDefault("jitTicks", 0L) / 100.0);
    d.put(phase + "VmThreadCpuSeconds", p.values().getOrDefault("vmThreadTicks", 0L) / 100.0);
    String heapFailure =
        p.get("peakHeap") > BackupBench.HEAP_BYTES
            ? "heap high-water " + BackupFigure.mib(p.get("peakHeap")) + " MiB exceeds 256 MiB"
            : null;
    return Result.measured(
        id(),
        bytes / BackupBench.MIB + " MiB, " + variant,
        new Measurement(BackupFigure.round(measured), "ns CPU/B"),
        new Measurement(BackupFigure.round(floor), "ns CPU/B"),
        target(),
        heapFailure,
        d);
  }
}
