package dev.airlock.benchmarks.backup;

import dev.airlock.aws.config.AwsClients;
import dev.airlock.backup.BackupOperations;
import dev.airlock.backup.config.BackupAssembly;
import dev.airlock.backup.config.BackupSettings;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.Compression;
import dev.airlock.backup.domain.Manifest;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.core.audit.JsonLinesAuditLog;
import java.io.StringWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The child JVM of figures 8 and 9 (started with {@code -Xmx256m}): wires the backup function's
 * code exactly as its Lambda does ({@link BackupAssembly}, without Micronaut), then, in one process
 * and on the same JIT, measures phase by phase
 *
 * <ol>
 *   <li>{@code backup}: one snapshot of the state bucket (process CPU, every thread: readers, SDK,
 *       GC, JIT);
 *   <li>{@code verify}: the snapshot read end to end without writing ({@code verify});
 *   <li>{@code restore}: restore into an empty prefix of the restore bucket (one read, verifying
 *       while it writes);
 *   <li>{@code floor}, last, on the JIT state the function's phases left (the function warms up its
 *       own AES-GCM, see {@code ChunkedCipher.warmUp}, and that counts in its CPU): the same object
 *       bytes (regenerated from their seeds, generation not counted) through {@code Deflater} level
 *       1 and AES-256-GCM in 1 MiB chunks, then each chunk through AES-GCM decryption and {@code
 *       Inflater}: the CPU time of this thread in those calls only.
 * </ol>
 *
 * Prints one {@code PHASE <name> key=value ...} line per phase, with the heap high-water (the sum
 * of the heap pools' peak usage, reset before the phase), GC count and time. S3Mock and the local
 * KMS run in other processes and do not count.
 *
 * <p>Arguments: {@code key=value}: region, s3, kms, state, backup, restore, key, sse, specs (the
 * file {@link SyntheticState#write} wrote), phases (comma-separated), compression.
 */
public final class BackupChild {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  static final int CHUNK = 1024 * 1024;

  private BackupChild() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    List<String> phases = List.of(a.getOrDefault("phases", "backup").split(","));
    Region region = Region.of(a.get("region"));
    // The one HTTP client the functions ship; S3Mock can take long to complete a multi-gigabyte
    // multipart upload, which real S3 keeps alive with whitespace.
    try (S3Client s3 =
            S3Client.builder()
                .endpointOverride(URI.create(a.get("s3")))
                .region(region)
                .forcePathStyle(true)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClientBuilder(
                    UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(10)))
                .build();
        KmsClient kms = AwsClients.kms(URI.create(a.get("kms")), region)) {
      BackupSettings settings =
          BackupSettings.builder()
              .stateBucket(a.get("state"))
              .backupBucket(a.get("backup"))
              .backupKeyId(a.get("key"))
              .backupSseKmsKeyId(a.get("sse"))
              .restoreBucket(a.get("restore"))
              .compression(Compression.parse(a.getOrDefault("compression", "none")))
              .listingDelay(Duration.ZERO)
              .build();
      BackupOperations ops =
          BackupAssembly.assemble(
              settings,
              new BackupAssembly.Clients(s3, kms, null, null),
              new JsonLinesAuditLog(new StringWriter()),
              metrics -> {});
      String[] snapshot = new String[1];
      for (String p : phases) {
        switch (p) {
          case "backup" -> {
            BackupReport r = phase("backup", ops::backup);
            Manifest m = r.manifest();
            snapshot[0] = m.snapshotId();
            System.out.println(
                "MANIFEST objects="
                    + m.objectCount()
                    + " contentBytes="
                    + m.contentBytes()
                    + " plaintextBytes="
                    + m.plaintextBytes()
                    + " ciphertextBytes="
                    + m.ciphertextBytes()
                    + " chunks="
                    + m.chunkCount());
          }
          case "verify" -> {
            VerifyReport v = phase("verify", () -> ops.verify(snapshot[0], BackupRegion.PRIMARY));
            require(VerifyReport.VERIFIED.equals(v.outcome()), "verify failed: " + v.message());
          }
          case "restore" -> {
            RestoreReport r =
                phase(
                    "restore",
                    () ->
                        ops.restore(
                            new RestoreRequest(
                                snapshot[0], "primary", null, "primary", "bench/", false)));
            require(RestoreReport.RESTORED.equals(r.outcome()), "restore failed: " + r.message());
          }
          case "floor" -> floor(SyntheticState.read(Path.of(a.get("specs"))));
          default -> throw new IllegalArgumentException("unknown phase " + p);
        }
      }
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  /** Runs {@code body}, then prints its process CPU, wall time and heap high-water. */
  private static <T> T phase(String name, Callable<T> body) throws Exception {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long gc0 = gcCount();
    long gcMs0 = gcMillis();
    Map<String, Long> threads0 = threadTicks();
    long[] ticks0 = userSystemTicks();
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    T result = body.call();
    long wall = System.nanoTime() - t0;
    long cpu = OS.getProcessCpuTime() - cpu0;
    long[] ticks1 = userSystemTicks();
    Map<String, Long> threads1 = threadTicks();
    System.out.println(
        "PHASE "
            + name
            + " cpuNanos="
            + cpu
            + " wallNanos="
            + wall
            + " peakHeap="
            + peakHeap()
            + " gcCount="
            + (gcCount() - gc0)
            + " gcMillis="
            + (gcMillis() - gcMs0)
            + " userTicks="
            + (ticks1[0] - ticks0[0])
            + " systemTicks="
            + (ticks1[1] - ticks0[1])
            + " jitTicks="
            + grew(threads0, threads1, "C1 CompilerThre", "C2 CompilerThre")
            + " vmThreadTicks="
            + grew(threads0, threads1, "VM Thread"));
    System.out.flush();
    return result;
  }

  /**
   * This process's user and system CPU time in clock ticks ({@code /proc/self/stat}), to tell the
   * kernel's share (socket I/O on loopback) from the JVM's; zeros where there is no {@code /proc}.
   */
  private static long[] userSystemTicks() {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (java.io.IOException | RuntimeException e) {
      return new long[2];
    }
  }

  /**
   * CPU clock ticks (user + system) of this process's threads so far, summed by thread name ({@code
   * /proc/self/task/<tid>/stat}): the JIT's compiler threads and the VM thread (where the serial GC
   * runs) are not Java threads, so no profiler attributes their CPU. Threads that ended before the
   * second reading are missed, which only under-states a name's share.
   */
  private static Map<String, Long> threadTicks() {
    Map<String, Long> out = new HashMap<>();
    try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = java.nio.file.Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // no /proc: reported as zeros
    }
    return out;
  }

  private static long grew(Map<String, Long> before, Map<String, Long> after, String... names) {
    long n = 0;
    for (String name : names) {
      n += after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
    }
    return n;
  }

  private static byte[] iv(long i) {
    return java.nio.ByteBuffer.allocate(12).putInt(0).putLong(i).array();
  }

  /**
   * The floors of figures 8 and 9 over the same bytes: deflate (level 1) the concatenated objects,
   * seal each full 1 MiB of output with AES-256-GCM; then open each sealed chunk and inflate it.
   * Only this thread's CPU time inside those calls counts (not regenerating the bytes).
   */
  private static void floor(List<SyntheticState.Spec> specs) throws Exception {
    Floor f = new Floor();
    long maxSize = specs.stream().mapToLong(SyntheticState.Spec::size).max().orElse(0);
    byte[] buffer = new byte[(int) Math.max(1, maxSize)];
    long bytes = 0;
    long t0 = System.nanoTime();
    for (SyntheticState.Spec s : specs) {
      SyntheticState.fill(s, buffer);
      f.add(buffer, (int) s.size());
      bytes += s.size();
    }
    f.finish();
    require(f.inflated == bytes, "floor round trip lost bytes");
    System.out.println(
        "PHASE floor sealNanos="
            + f.sealCpu
            + " openNanos="
            + f.openCpu
            + " bytes="
            + bytes
            + " deflatedBytes="
            + f.deflated
            + " wallNanos="
            + (System.nanoTime() - t0)
            + " peakHeap="
            + peakHeap());
  }

  /** Deflater level 1 → 1 MiB chunks → AES-256-GCM, and back (Inflater after decryption). */
  static final class Floor {
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final Inflater inflater = new Inflater();
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] sealed = new byte[CHUNK + 16];
    private final byte[] opened = new byte[CHUNK];
    private final byte[] inflatedBuffer = new byte[256 * 1024];
    private final SecretKeySpec key;
    private final Cipher cipher;
    private int filled;
    private long index;
    long sealCpu;
    long openCpu;
    long deflated;
    long inflated;

    Floor() throws GeneralSecurityException {
      byte[] k = new byte[32];
      new java.security.SecureRandom().nextBytes(k);
      key = new SecretKeySpec(k, "AES");
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
    }

    void add(byte[] b, int len) throws Exception {
      long t = cpu();
      deflater.setInput(b, 0, len);
      while (!deflater.needsInput()) {
        drain(Deflater.NO_FLUSH);
      }
      sealCpu += cpu() - t;
    }

    void finish() throws Exception {
      long t = cpu();
      deflater.finish();
      while (!deflater.finished()) {
        drain(Deflater.NO_FLUSH);
      }
      seal(true);
      sealCpu += cpu() - t;
      deflater.end();
      inflater.end();
    }

    private void drain(int flush) throws Exception {
      filled += deflater.deflate(chunk, filled, chunk.length - filled, flush);
      if (filled == chunk.length) {
        seal(false);
      }
    }

    /** Seals the chunk (counted as sealing), then opens and inflates it (counted as opening). */
    private void seal(boolean last) throws Exception {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv(index)));
      cipher.updateAAD(last ? new byte[] {1} : new byte[] {0});
      int n = cipher.doFinal(chunk, 0, filled, sealed, 0);
      deflated += filled;
      filled = 0;
      long t = cpu();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv(index)));
      cipher.updateAAD(last ? new byte[] {1} : new byte[] {0});
      int m = cipher.doFinal(sealed, 0, n, opened, 0);
      inflater.setInput(opened, 0, m);
      try {
        while (!inflater.needsInput() && !inflater.finished()) {
          inflated += inflater.inflate(inflatedBuffer);
        }
      } catch (DataFormatException e) {
        throw new IllegalStateException("floor inflate failed", e);
      }
      long spent = cpu() - t;
      openCpu += spent;
      sealCpu -= spent;
      index++;
    }
  }

  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, g.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, g.getCollectionTime());
    }
    return n;
  }
}
