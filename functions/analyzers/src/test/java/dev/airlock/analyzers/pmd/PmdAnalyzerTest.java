package dev.airlock.analyzers.pmd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.analyzers.sarif.SarifLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmdAnalyzerTest {

  @TempDir Path dir;

  @Test
  void refuseRulesetLookalikes_shouldThrow_whenTheWorkingDirectoryHoldsACategoryDirectory()
      throws Exception {
    Files.createDirectories(dir.resolve("category/java"));

    assertThrows(IllegalStateException.class, () -> PmdAnalyzer.refuseRulesetLookalikes(dir));
  }

  @Test
  void refuseRulesetLookalikes_shouldThrow_whenTheWorkingDirectoryHoldsARulesetsLink()
      throws Exception {
    Files.createSymbolicLink(dir.resolve("rulesets"), Path.of("/nonexistent"));

    assertThrows(IllegalStateException.class, () -> PmdAnalyzer.refuseRulesetLookalikes(dir));
  }

  @Test
  void refuseRulesetLookalikes_shouldAccept_whenTheWorkingDirectoryHoldsOnlyTheCheckout()
      throws Exception {
    Files.createDirectories(dir.resolve("checkout/category"));

    assertDoesNotThrow(() -> PmdAnalyzer.refuseRulesetLookalikes(dir));
  }

  @Test
  void level_shouldMapPmdPriorities_whenConvertingToSarif() {
    assertEquals(SarifLevel.ERROR, PmdAnalyzer.level(1));
    assertEquals(SarifLevel.ERROR, PmdAnalyzer.level(2));
    assertEquals(SarifLevel.WARNING, PmdAnalyzer.level(3));
    assertEquals(SarifLevel.NOTE, PmdAnalyzer.level(4));
    assertEquals(SarifLevel.NOTE, PmdAnalyzer.level(5));
  }
}
