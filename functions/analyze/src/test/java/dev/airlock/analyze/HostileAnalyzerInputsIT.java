package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Files built to exhaust the real analyzers (the shaded jar, in the real sandbox) rather than the
 * checkout: a 50 MB minified one-line bundle, a 1 MiB one-line file full of secret-rule keywords, a
 * generated Java class of 74,000 methods, binary files named {@code .java}. The analyzer timeout is
 * cut to 20 s here so that what would take minutes in production shows in seconds: the job must
 * still complete with what the analyzers could do in their budgets, say in SARIF notes what they
 * could not, and carry no source text.
 */
@ExtendWith(LocalAwsExtension.class)
class HostileAnalyzerInputsIT {
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    assumeTrue(
        Files.isRegularFile(RealAnalyzersIT.analyzersJar()), "the analyzers' shaded jar is built");
    bed =
        AnalyzeTestBed.start(
            aws,
            Map.of(
                "airlock.analyze.analyzers-classpath",
                RealAnalyzersIT.analyzersJar().toAbsolutePath().toString(),
                "airlock.analyze.analyzer-main-class",
                "dev.airlock.analyzers.AnalyzerMain",
                "airlock.analyze.analyzer-heap-mb",
                512,
                "airlock.analyze.max-file-bytes",
                1024 * 1024,
                "airlock.analyze.analyzer-timeout",
                "20s"));
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  /**
   * A class of {@code methods} empty methods named {@code _a}, {@code _b}, … {@code _ZZZ}: 74,000
   * fit under the 1 MiB file cap, and PMD's rules take minutes over them (138 s for 80,000).
   */
  private static String generatedClass(int methods) {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder out = new StringBuilder("class Generated {\n");
    for (int i = 0, n = 0; n < methods; i++) {
      StringBuilder name = new StringBuilder();
      for (int v = i; ; v = v / letters.length() - 1) {
        name.insert(0, letters.charAt(v % letters.length()));
        if (v < letters.length()) {
          break;
        }
      }
      out.append("void _").append(name).append("(){}\n");
      n++;
    }
    return out.append("}\n").toString();
  }

  /** Minified JavaScript on one line of {@code bytes} bytes, with {@code planted} in the middle. */
  private static byte[] minified(int bytes, String planted) {
    String chunk =
        "var token=\"x\",secret=a.key,password=b(c),api_key=d.e;function f(g){return g.h(i)};";
    StringBuilder out = new StringBuilder(bytes);
    while (out.length() < bytes / 2) {
      out.append(chunk);
    }
    out.append("var aws=\"").append(planted).append("\";");
    while (out.length() < bytes) {
      out.append(chunk);
    }
    out.setLength(bytes);
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void handleRequest_shouldCompleteWithinTheBudgetsAndSayWhatWasCut_whenFilesAreBuiltToExhaust() {
    String key = Planted.awsAccessKeyId();
    byte[] noNul = new byte[64 * 1024];
    new Random(7).nextBytes(noNul);
    for (int i = 0; i < noNul.length; i++) {
      noNul[i] = noNul[i] == 0 ? 1 : noNul[i];
    }
    byte[] withNul = noNul.clone();
    withNul[100] = 0;
    FixtureTree tree =
        FixtureTree.create()
            .file("dist/app.min.js", minified(50 * 1024 * 1024, "nothing"))
            .file("dist/vendor.min.js", minified(1024 * 1024 - 1, key))
            .file("src/Generated.java", generatedClass(74_000))
            .file("src/Binary.java", withNul)
            .file("src/Garbage.java", noNul);
    String account = bed.newAccount();
    Repo repo = bed.newRepository(tree);
    AnalysisJob job = bed.job(account, repo);

    long t = System.nanoTime();
    assertEquals(List.of(), failures(bed.deliverJobs(job)));
    Duration took = Duration.ofNanos(System.nanoTime() - t);

    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(
        RunRecord.Status.COMPLETED, run.status(), "not analyzer-timeout for the job: " + run);
    assertTrue(took.compareTo(Duration.ofSeconds(50)) < 0, "took " + took);
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) run.summary().get("files");
    assertEquals(1L, files.get("skippedTooLarge"), "the 50 MB bundle is never written: " + files);
    assertEquals(4L, files.get("written"), files.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> byRule = (Map<String, Object>) run.summary().get("byRule");
    assertTrue(
        byRule.containsKey("aws-access-token"),
        "the key in the 1 MiB one-liner is found: " + byRule);
    byte[] sarif = bed.read(account, "result", run.resultKey()).orElseThrow();
    assertEquals(List.of(), SarifSchema.errors(sarif));
    String text = new String(sarif, StandardCharsets.UTF_8);
    assertTrue(text.contains("airlock/pmd-budget-exceeded"), "PMD says it was cut: " + text);
    assertTrue(text.contains("airlock/files-skipped"), "the binary .java is noted as skipped");
    for (String source : List.of(key, "_aBc", "api_key=d.e", "var token")) {
      assertFalse(text.contains(source), "source text in the result");
      assertFalse(bed.auditText.toString().contains(source), "source text in the audit");
      assertFalse(run.toString().contains(source), "source text in the run record");
    }
    assertEquals(List.of(), bed.sandboxesLeft());
  }
}
