package dev.airlock.benchmarks.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus is the figure's evidence: same seed, same bytes; every planted secret is found. */
class SecretsCorpusTest {

  @Test
  void write_shouldProduceTheSameBytes_whenTheSeedIsTheSame(@TempDir Path dir) throws Exception {
    SecretsCorpus.Written a = SecretsCorpus.write(dir.resolve("a"), 7, 400_000, 20_000, 6);
    SecretsCorpus.Written b = SecretsCorpus.write(dir.resolve("b"), 7, 400_000, 20_000, 6);

    assertEquals(a.bytes(), b.bytes());
    assertEquals(a.planted(), b.planted());
    String first = a.planted().get(0).path();
    assertEquals(
        Files.readString(dir.resolve("a").resolve(first)),
        Files.readString(dir.resolve("b").resolve(first)));
  }

  @Test
  void analyze_shouldFindExactlyThePlantedSecrets_whenRunOverTheCorpus(@TempDir Path dir)
      throws Exception {
    SecretsCorpus.Written corpus = SecretsCorpus.write(dir, 11, 2_000_000, 40_000, 48);

    var outcome = SecretsFigure.analyze(dir);

    assertEquals(48, corpus.planted().size());
    assertNull(SecretsFigure.compare(corpus.planted(), outcome.run().results()));
    assertTrue(corpus.bytes() > 1_500_000, "bytes " + corpus.bytes());
  }

  @Test
  void compare_shouldReportMissingSecrets_whenTheAnalyzerFindsNothing() {
    String m =
        SecretsFigure.compare(
            java.util.List.of(new SecretsCorpus.Planted("a.java", 3, "github-pat")),
            java.util.List.of());

    assertTrue(m.contains("1 missing"), m);
  }

  @Test
  void sumCounts_shouldAddEveryFilesCount_whenGrepPrintsPathColonCount() {
    assertEquals(7, SecretsFigure.sumCounts("a/b.java:3\nc:d.java:4\n"));
  }
}
