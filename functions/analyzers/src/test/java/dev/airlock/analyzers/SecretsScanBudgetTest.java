package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.secrets.GitleaksConfig;
import dev.airlock.analyzers.secrets.PlantedSecrets;
import dev.airlock.analyzers.secrets.SecretRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files cannot make the secrets scan's time add up across rules and files: a per-file and a
 * per-job budget stop the scan, keep the findings so far and say so in the SARIF run.
 */
class SecretsScanBudgetTest {

  @TempDir Path dir;

  /**
   * Built as the red team did: every keyword of the shipped rules, then for each keyword a long run
   * that looks like the start of a secret but never completes one, so every rule runs its regex
   * over long near-matches.
   */
  static String adversarial(int runLength) {
    Set<String> keywords = new LinkedHashSet<>();
    for (SecretRule rule : GitleaksConfig.loadDefault().rules()) {
      keywords.addAll(rule.keywords());
    }
    StringBuilder out = new StringBuilder(String.join(" ", keywords)).append('\n');
    String run = "aB3_".repeat(runLength / 4);
    for (String keyword : keywords) {
      out.append(keyword).append(" = \"").append(run).append('\n');
      out.append(keyword).append('_').append(run).append(" -").append(run).append('\n');
    }
    return out.toString();
  }

  private static AnalyzerReport run(Path root, Duration fileBudget, Duration scanBudget)
      throws Exception {
    return Analyzers.run(
        AnalyzerRequest.builder(root, TestRepository.salt())
            .analyzers(Set.of(AnalyzerKind.SECRETS))
            .fileScanBudget(fileBudget)
            .scanBudget(scanBudget)
            .build());
  }

  @Test
  void run_shouldStopEachHostileFileAndStillFindSecretsElsewhere_whenFileBudgetIsExceeded()
      throws Exception {
    String hostile = adversarial(600);
    assertTrue(
        hostile.length() > 200_000 && hostile.length() < 750_000,
        "the hostile file is of the red team's size: " + hostile.length());
    String secret = PlantedSecrets.awsAccessKeyId();
    TestRepository repo =
        TestRepository.in(dir)
            .write("a/hostile-1.txt", hostile)
            .write("a/hostile-2.txt", hostile)
            .write("a/hostile-3.txt", hostile)
            .write("z/deploy.sh", "export AWS_ACCESS_KEY_ID=" + secret + "\n");

    long started = System.nanoTime();
    AnalyzerReport report = run(repo.root(), Duration.ofMillis(50), Duration.ofMinutes(10));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    String sarif = report.sarifJson();
    assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    assertTrue(sarif.contains("\"aws-access-token\""), "the real secret elsewhere is found");
    assertTrue(sarif.contains("z/deploy.sh"), "the real secret elsewhere is located");
    assertTrue(sarif.contains("airlock/file-scan-budget-exceeded"), sarif);
    assertTrue(
        sarif.contains("3 files exceeded the scan budget of 50 ms per file"),
        "every hostile file is counted");
    assertTrue(!sarif.contains(secret), "the secret itself never enters the SARIF");
  }

  @Test
  void run_shouldStopScanningFurtherFilesAndKeepEarlierFindings_whenJobBudgetIsExceeded()
      throws Exception {
    String hostile = adversarial(600);
    TestRepository repo =
        TestRepository.in(dir)
            .write(
                "a/deploy.sh",
                "export AWS_ACCESS_KEY_ID=" + PlantedSecrets.awsAccessKeyId() + "\n");
    for (int i = 0; i < 8; i++) {
      repo.write("b/hostile-" + i + ".txt", hostile);
    }

    long started = System.nanoTime();
    AnalyzerReport report = run(repo.root(), Duration.ofSeconds(60), Duration.ofMillis(300));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    String sarif = report.sarifJson();
    assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    assertTrue(sarif.contains("\"aws-access-token\""), "the finding before the overrun is kept");
    assertTrue(sarif.contains("airlock/scan-budget-exceeded"), "the job overrun is reported");
    assertTrue(sarif.contains("The scan exceeded its total budget of 300 ms"), sarif);
  }
}
