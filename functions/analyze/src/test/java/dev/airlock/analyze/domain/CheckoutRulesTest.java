package dev.airlock.analyze.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.analyze.domain.CheckoutRules.Decision;
import dev.airlock.analyze.domain.CheckoutRules.EntryKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckoutRulesTest {
  private static Caps caps(long repoBytes, int files, long fileBytes) {
    return new Caps(
        repoBytes,
        files,
        fileBytes,
        8,
        200,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        10,
        2048);
  }

  private static CheckoutRules rules() {
    return new CheckoutRules(caps(1000, 5, 100));
  }

  private static Reason refusal(Runnable r) {
    return assertThrows(AnalysisException.class, r::run).reason();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        ".",
        "a\\b",
        "..\\..\\x",
        "tab\there",
        "nul\u0000",
        "del\u007f",
        "new\nline"
      })
  void checkSegment_shouldRefuseUnsafeNames_whenTheyCouldEscapeOrConfuse(String segment) {
    assertEquals(Reason.UNSAFE_PATH, refusal(() -> CheckoutRules.checkSegment(segment)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".git",
        ".GIT",
        ".Git",
        ".git.",
        ".git ",
        ".git. . ",
        "git~1",
        "GIT~1",
        ".git::$INDEX_ALLOCATION",
        ".g\u200Cit",
        "\uFEFF.git"
      })
  void checkSegment_shouldRefuseEverySpellingOfGit_whenAFileSystemCouldTakeItForTheGitDirectory(
      String segment) {
    assertEquals(Reason.GIT_DIRECTORY_PATH, refusal(() -> CheckoutRules.checkSegment(segment)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".gitignore",
        ".gitmodules",
        "git",
        ".github",
        "my.git",
        "aux.c",
        "..foo",
        "foo..",
        "naïve.txt"
      })
  void checkSegment_shouldAccept_whenTheNameIsMerelyGitLikeOrUnusual(String segment) {
    CheckoutRules.checkSegment(segment);
  }

  @Test
  void entry_shouldRefuseTheSecondPath_whenTwoDifferOnlyInCaseOrNormalization() {
    CheckoutRules r = rules();
    r.entry("Docs/Read.md", EntryKind.FILE, 1);
    assertEquals(Reason.CASE_COLLISION, refusal(() -> r.entry("docs/read.md", EntryKind.FILE, 1)));
    CheckoutRules n = rules();
    n.entry("caf\u00e9", EntryKind.FILE, 1);
    assertEquals(Reason.CASE_COLLISION, refusal(() -> n.entry("cafe\u0301", EntryKind.FILE, 1)));
    CheckoutRules d = rules();
    d.directory("lib");
    assertEquals(Reason.CASE_COLLISION, refusal(() -> d.entry("LIB", EntryKind.FILE, 1)));
  }

  @Test
  void entry_shouldRefuseDuplicates_whenTheTreeNamesAPathTwice() {
    CheckoutRules r = rules();
    r.entry("a.txt", EntryKind.FILE, 1);
    assertEquals(Reason.DUPLICATE_PATH, refusal(() -> r.entry("a.txt", EntryKind.FILE, 1)));
  }

  @Test
  void entry_shouldRefuseDeepAndLongPaths_whenOverTheCaps() {
    assertEquals(
        Reason.PATH_TOO_DEEP,
        refusal(() -> rules().entry("a/b/c/d/e/f/g/h/i.txt", EntryKind.FILE, 1)));
    rules().entry("a/b/c/d/e/f/g/h.txt", EntryKind.FILE, 1);
    assertEquals(
        Reason.PATH_TOO_LONG, refusal(() -> rules().entry("x".repeat(201), EntryKind.FILE, 1)));
    assertEquals(Reason.PATH_TOO_LONG, refusal(() -> CheckoutRules.checkSegment("é".repeat(128))));
  }

  @Test
  void entry_shouldCountFilesAndBytes_andRefuseOverTheCaps() {
    CheckoutRules r = rules();
    for (int i = 0; i < 5; i++) {
      r.entry("f" + i, EntryKind.FILE, 10);
    }
    assertEquals(Reason.TOO_MANY_FILES, refusal(() -> r.entry("f5", EntryKind.FILE, 1)));
    CheckoutRules big = rules();
    big.entry("a", EntryKind.FILE, 900);
    assertEquals(
        Reason.REPOSITORY_TOO_LARGE, refusal(() -> big.entry("b", EntryKind.SYMLINK, 101)));
  }

  @Test
  void directory_shouldRefuseTooManyFiles_whenATreeOfEmptyDirectoriesExceedsTheEntryCap() {
    // a git bomb of empty trees: 10^10 directories and not one file, so the file count alone
    // never stops the walk while every path is kept for the collision check
    CheckoutRules r = rules();
    for (int i = 0; i < 5; i++) {
      r.directory("d" + i);
    }
    assertEquals(Reason.TOO_MANY_FILES, refusal(() -> r.directory("d5")));
  }

  @Test
  void entry_shouldRefuseTooManyFiles_whenSubmodulesExceedTheEntryCap() {
    // gitlinks are skipped, not written, but a tree of billions of them is still walked
    CheckoutRules r = rules();
    for (int i = 0; i < 5; i++) {
      assertEquals(Decision.SKIP_SUBMODULE, r.entry("m" + i, EntryKind.SUBMODULE, 0));
    }
    assertEquals(Reason.TOO_MANY_FILES, refusal(() -> r.entry("m5", EntryKind.SUBMODULE, 0)));
  }

  @Test
  void entry_shouldAcceptAsManyDirectoriesAsFiles_whenEachStaysWithinTheCap() {
    CheckoutRules r = rules();
    for (int i = 0; i < 5; i++) {
      r.directory("d" + i);
      assertEquals(Decision.WRITE, r.entry("d" + i + "/f", EntryKind.FILE, 1));
    }
    assertEquals(5, r.files());
  }

  @Test
  void entry_shouldSkipWithoutFailing_whenAFileIsTooLargeALinkOrASubmodule() {
    CheckoutRules r = rules();
    assertEquals(Decision.WRITE, r.entry("ok.txt", EntryKind.FILE, 100));
    assertEquals(Decision.SKIP_TOO_LARGE, r.entry("big.bin", EntryKind.FILE, 101));
    assertEquals(Decision.SKIP_SYMLINK, r.entry("passwd", EntryKind.SYMLINK, 11));
    assertEquals(Decision.SKIP_SUBMODULE, r.entry("lib", EntryKind.SUBMODULE, 0));
    assertEquals(1, r.skippedTooLarge());
    assertEquals(101, r.skippedBytes());
    assertEquals(1, r.symlinksSkipped());
    assertEquals(1, r.submodulesSkipped());
    assertEquals(3, r.files());
    assertEquals(212, r.declaredBytes());
    assertEquals(Reason.UNSUPPORTED_ENTRY, refusal(() -> r.entry("odd", EntryKind.UNSUPPORTED, 0)));
  }
}
