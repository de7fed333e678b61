package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.files.RepositoryListing;
import dev.airlock.analyzers.files.RepositoryWalker;
import dev.airlock.analyzers.secrets.PlantedSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the analyzers read: regular files only, within the size cap, text only. */
class FileHandlingTest {

  @TempDir Path dir;

  private AnalyzerReport secrets(Path root, long maxFileBytes) throws IOException {
    return Analyzers.run(
        AnalyzerRequest.builder(root, TestRepository.salt())
            .analyzers(Set.of(AnalyzerKind.SECRETS))
            .maxFileBytes(maxFileBytes)
            .build());
  }

  @Test
  void run_shouldSkipAndCountAFile_whenItIsLargerThanTheCap() throws IOException {
    String token = PlantedSecrets.githubPat();
    TestRepository repo =
        TestRepository.in(dir)
            .write("big.txt", "x".repeat(2000) + "\nt=" + token + "\n")
            .write("small.txt", "nothing\n");

    AnalyzerReport report = secrets(repo.root(), 1000);

    RunSummary run = report.summary().runs().get(0);
    assertEquals(0, run.results());
    assertEquals(1, run.filesSkippedTooLarge());
    assertEquals(1, run.filesAnalyzed());
    assertTrue(report.sarifJson().contains("airlock/files-skipped"));
    assertTrue(report.sarifJson().contains("Skipped 1 files larger than 1000 bytes"));
  }

  @Test
  void run_shouldNotFollowASymlink_whenItPointsAtAFileOrDirectoryOutsideTheCheckout()
      throws IOException {
    Path outside = Files.createDirectories(dir.resolve("other-sandbox"));
    String token = PlantedSecrets.githubPat();
    Files.writeString(outside.resolve("secret.env"), "TOKEN=" + token + "\n");
    TestRepository repo =
        TestRepository.in(dir)
            .symlink("linked.env", outside.resolve("secret.env"))
            .symlink("linked-dir", outside)
            .symlink("passwd", Path.of("/etc/passwd"))
            .write("plain.txt", "hello\n");

    AnalyzerReport report = secrets(repo.root(), 1 << 20);

    assertEquals(0, report.summary().totalResults());
    assertEquals(1, report.summary().filesListed());
    assertEquals(3, report.summary().entriesSkippedNotRegular());
    assertTrue(report.sarifJson().contains("airlock/not-regular-skipped"));
    assertFalse(report.sarifJson().contains("linked.env"));
  }

  @Test
  void run_shouldSkipAndCountABinaryFile_whenItHasANulByte() throws IOException {
    String token = PlantedSecrets.githubPat();
    byte[] text = ("t=" + token + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] binary = new byte[text.length + 1];
    System.arraycopy(text, 0, binary, 1, text.length);
    TestRepository repo = TestRepository.in(dir).writeBytes("lib/blob.bin.dat", binary);

    AnalyzerReport report = secrets(repo.root(), 1 << 20);

    RunSummary run = report.summary().runs().get(0);
    assertEquals(0, run.results());
    assertEquals(1, run.filesSkippedBinary());
  }

  @Test
  void run_shouldEncodeOrDropUnusualFileNames_whenReportingTheirFindings() throws IOException {
    TestRepository repo =
        TestRepository.in(dir)
            .write("docs/my notes: draft #1.txt", "t = '" + PlantedSecrets.githubPat() + "'\n")
            .write("win\\style.env", "t = '" + PlantedSecrets.githubPat() + "'\n");

    AnalyzerReport report = secrets(repo.root(), 1 << 20);

    assertEquals(AnalyzerSummary.OK, report.summary().status());
    assertEquals(1, report.summary().totalResults());
    assertTrue(
        report.sarifJson().contains("\"uri\":\"docs/my%20notes%3A%20draft%20%231.txt\""),
        report.sarifJson());
    assertTrue(report.sarifJson().contains("airlock/unrepresentable-paths"));
    assertEquals(1L, report.summary().runs().get(0).counters().get("resultsUnrepresentable"));
  }

  @Test
  void list_shouldSkipTheGitDirectory_whenPresent() throws IOException {
    TestRepository repo =
        TestRepository.in(dir).write(".git/config", "[core]\n").write("src/A.java", "class A {}\n");

    RepositoryListing listing = RepositoryWalker.list(repo.root());

    assertEquals(1, listing.files().size());
    assertEquals("src/A.java", listing.files().get(0).relativePath());
    assertEquals(1, listing.skippedDirectories());
  }

  @Test
  void list_shouldRefuse_whenTheRootItselfIsASymlink() throws IOException {
    TestRepository repo = TestRepository.in(dir).write("a.txt", "a\n");
    Path link = Files.createSymbolicLink(dir.resolve("root-link"), repo.root());

    assertThrows(IOException.class, () -> RepositoryWalker.list(link));
  }
}
