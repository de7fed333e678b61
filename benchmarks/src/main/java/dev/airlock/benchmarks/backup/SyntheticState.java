package dev.airlock.benchmarks.backup;

import dev.airlock.core.crypto.EnvelopeCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic state bucket for figures 8 and 9, shaped like a real one: mostly tenant objects
 * that are already ciphertext (envelope-encrypted, incompressible, marked {@code
 * airlock-enc=envelope-v1}), sizes log-uniform from 512 B to 8 MiB plus a few 32 MiB results, and
 * about 15% of the bytes as compressible JSON records (lookups, markers, system records) from 200 B
 * to 1 MiB. Every object's bytes follow from its seed, so the child JVM regenerates exactly the
 * bytes the backup read, to run the floor over them without holding the state in memory.
 */
public final class SyntheticState {
  static final long MIB = 1024 * 1024;
  static final long LARGE_BYTES = 32 * MIB;

  /** One object: where it goes, how many bytes, which kind, and the seed of its bytes. */
  public record Spec(String key, long size, boolean json, long seed) {
    Map<String, String> metadata() {
      return json ? Map.of() : EnvelopeCipher.METADATA;
    }

    String contentType() {
      return json ? "application/json" : "application/octet-stream";
    }
  }

  private SyntheticState() {}

  /**
   * About {@code totalBytes} of objects (the last one trimmed so the total is exact), their keys
   * unique within {@code generation} (so a second generation adds to a bucket instead of
   * replacing).
   */
  public static List<Spec> plan(long totalBytes, int generation) {
    SplittableRandom r = new SplittableRandom(0x5eedL + generation);
    List<Spec> out = new ArrayList<>();
    long jsonBudget = totalBytes * 15 / 100;
    long planned = 0;
    long jsonPlanned = 0;
    int n = 0;
    // A few large results, as analyses of big repositories produce.
    int large = (int) Math.min(3, totalBytes / (LARGE_BYTES * 8));
    for (int i = 0; i < large; i++) {
      out.add(tenant(generation, n++, LARGE_BYTES, r));
      planned += LARGE_BYTES;
    }
    while (planned < totalBytes) {
      boolean json = jsonPlanned < jsonBudget && r.nextInt(100) < 55;
      long size =
          json
              ? (long) Math.exp(Math.log(200) + r.nextDouble() * (Math.log(MIB) - Math.log(200)))
              : (long)
                  Math.exp(Math.log(512) + r.nextDouble() * (Math.log(8 * MIB) - Math.log(512)));
      size = Math.min(size, totalBytes - planned);
      Spec s = json ? record(generation, n++, size, r) : tenant(generation, n++, size, r);
      out.add(s);
      planned += size;
      if (json) {
        jsonPlanned += size;
      }
    }
    return out;
  }

  private static Spec tenant(int generation, int n, long size, SplittableRandom r) {
    String account = String.format(Locale.ROOT, "acct-%03d", r.nextInt(40));
    String key =
        String.format(
            Locale.ROOT,
            "tenants/%s/results/g%d-%06d-%016x.bin",
            account,
            generation,
            n,
            r.nextLong());
    return new Spec(key, size, false, r.nextLong());
  }

  private static Spec record(int generation, int n, long size, SplittableRandom r) {
    String[] prefixes = {"lookup/github/installations/", "markers/deliveries/", "system/jobs/"};
    String key =
        String.format(
            Locale.ROOT, "%sg%d-%06d.json", prefixes[r.nextInt(prefixes.length)], generation, n);
    return new Spec(key, size, true, r.nextLong());
  }

  /** The spec's bytes into {@code buffer} (at least {@code spec.size()} long). */
  public static void fill(Spec spec, byte[] buffer) {
    int size = Math.toIntExact(spec.size());
    SplittableRandom r = new SplittableRandom(spec.seed());
    if (!spec.json()) {
      // Ciphertext-like: uniformly random bytes, eight at a time.
      int i = 0;
      for (; i + 8 <= size; i += 8) {
        long v = r.nextLong();
        for (int j = 0; j < 8; j++) {
          buffer[i + j] = (byte) (v >>> (8 * j));
        }
      }
      long v = r.nextLong();
      for (int j = 0; i < size; i++, j++) {
        buffer[i] = (byte) (v >>> (8 * j));
      }
      return;
    }
    // JSON-like: records with repeated field names, ids, timestamps and small numbers (deflate
    // level 1 reaches roughly 0.2-0.3 on them, as on real JSON).
    int pos = 0;
    StringBuilder sb = new StringBuilder(256);
    String[] states = {"queued", "running", "succeeded", "failed", "skipped"};
    while (pos < size) {
      sb.setLength(0);
      sb.append("{\"jobId\":\"")
          .append(Long.toHexString(r.nextLong()))
          .append("\",\"repository\":\"org-")
          .append(r.nextInt(500))
          .append("/repo-")
          .append(r.nextInt(5000))
          .append("\",\"sha\":\"")
          .append(Long.toHexString(r.nextLong()))
          .append(Long.toHexString(r.nextLong()))
          .append("\",\"state\":\"")
          .append(states[r.nextInt(states.length)])
          .append("\",\"createdAt\":\"2026-")
          .append(
              String.format(
                  Locale.ROOT,
                  "%02d-%02dT%02d:%02d:%02dZ",
                  1 + r.nextInt(12),
                  1 + r.nextInt(28),
                  r.nextInt(24),
                  r.nextInt(60),
                  r.nextInt(60)))
          .append("\",\"findings\":")
          .append(r.nextInt(200))
          .append(",\"installationId\":")
          .append(10_000_000 + r.nextInt(90_000_000))
          .append("}\n");
      byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
      int n = Math.min(b.length, size - pos);
      System.arraycopy(b, 0, buffer, pos, n);
      pos += n;
    }
  }

  /** Writes specs as tab-separated lines (key, size, kind, seed) for the child JVM. */
  public static void write(List<Spec> specs, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Spec s : specs) {
      sb.append(s.key())
          .append('\t')
          .append(s.size())
          .append('\t')
          .append(s.json() ? "json" : "bin")
          .append('\t')
          .append(s.seed())
          .append('\n');
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  /** Reads what {@link #write} wrote. */
  public static List<Spec> read(Path file) throws IOException {
    List<Spec> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(new Spec(f[0], Long.parseLong(f[1]), f[2].equals("json"), Long.parseLong(f[3])));
    }
    return out;
  }

  /** Total bytes of {@code specs}. */
  public static long bytes(List<Spec> specs) {
    return specs.stream().mapToLong(Spec::size).sum();
  }
}
