package dev.airlock.benchmarks.checkout;

import dev.airlock.benchmarks.corpus.SourceText;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figure 5's repository: {@code files} Java-like source files, about {@code totalBytes} in all,
 * spread over 20 modules × 10 packages, generated from a seed (the same seed gives the same files,
 * hence the same commit SHA in every run).
 *
 * @param files path → content, in path order
 * @param totalBytes the sum of the contents' sizes
 */
public record GeneratedRepository(Map<String, byte[]> files, long totalBytes) {

  /** Issue 8's shape: 5,000 files, ~45 MB. */
  public static final int FILES = 5_000;

  public static final long BYTES = 45L * 1000 * 1000;

  public GeneratedRepository {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * Generates the repository.
   *
   * @throws IllegalArgumentException if {@code fileCount} is not positive or the size is too small
   *     to hold one small class per file
   */
  public static GeneratedRepository generate(long seed, int fileCount, long totalBytes) {
    if (fileCount <= 0 || totalBytes / fileCount < 512) {
      throw new IllegalArgumentException("need at least 512 bytes per file");
    }
    SourceText text = new SourceText(seed);
    int mean = (int) (totalBytes / fileCount);
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    for (int i = 0; i < fileCount; i++) {
      String module = String.format("m%02d", i % 20);
      String pkg = String.format("p%d", (i / 20) % 10);
      String className = SourceText.capital(text.word()) + SourceText.capital(text.word()) + i;
      // sizes from half to one and a half times the mean: a little spread, the same total
      int target = mean / 2 + text.nextInt(mean);
      String path =
          module + "/src/main/java/dev/gen/" + module + "/" + pkg + "/" + className + ".java";
      byte[] content =
          text.javaFile("dev.gen." + module + "." + pkg, className, target)
              .getBytes(StandardCharsets.UTF_8);
      files.put(path, content);
      total += content.length;
    }
    return new GeneratedRepository(files, total);
  }
}
