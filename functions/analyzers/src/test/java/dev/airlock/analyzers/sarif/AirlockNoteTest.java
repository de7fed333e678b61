package dev.airlock.analyzers.sarif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AirlockNoteTest {

  @Test
  void render_shouldFillTheTemplate_whenGivenCountsAndRuleIds() {
    assertEquals(
        "Rule aws-access-token could not be compiled and was skipped.",
        AirlockNote.RULE_SKIPPED.render(List.of("aws-access-token")));
    assertEquals(
        "Results truncated: kept 1 of 2 results (limit 1 per run).",
        AirlockNote.RESULTS_TRUNCATED.render(List.of(1, 2L, 1)));
  }

  @Test
  void render_shouldRefuse_whenAnArgumentCouldCarryText() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AirlockNote.RULE_SKIPPED.render(List.of("password = hunter2")));
    assertThrows(
        IllegalArgumentException.class, () -> AirlockNote.RESULTS_TRUNCATED.render(List.of(1, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> AirlockNote.PMD_PROCESSING_ERRORS.render(List.of(-1)));
  }

  @Test
  void matchesText_shouldAcceptOnlyRenderingsOfTheTemplate_whenCheckingAMessage() {
    assertTrue(AirlockNote.PMD_PROCESSING_ERRORS.matchesText("PMD could not analyze 12 files."));
    assertFalse(AirlockNote.PMD_PROCESSING_ERRORS.matchesText("PMD could not analyze x files."));
    assertFalse(
        AirlockNote.PMD_PROCESSING_ERRORS.matchesText("PMD could not analyze 1 files. code()"));
    assertFalse(
        AirlockNote.RULE_SKIPPED.matchesText("Rule a b could not be compiled and was skipped."));
    assertEquals(
        AirlockNote.SIZE_TRUNCATED, AirlockNote.byId("airlock/size-truncated").orElseThrow());
  }
}
