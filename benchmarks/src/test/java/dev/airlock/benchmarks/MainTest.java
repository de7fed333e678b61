package dev.airlock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.benchmarks.harness.Figure;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void figures_shouldListNineInIssueOrder_whenRegistered() {
    List<String> ids = Figures.all().stream().map(Figure::id).toList();

    assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), ids);
  }

  @Test
  void select_shouldAcceptBareAndPrefixedIdsOnce_whenFiguresNamed() {
    List<Figure> chosen = Main.select(Figures.all(), List.of("fig3", "2", "3"));

    assertEquals(List.of("3", "2"), chosen.stream().map(Figure::id).toList());
  }

  @Test
  void select_shouldRefuse_whenFigureUnknown() {
    assertThrows(IllegalArgumentException.class, () -> Main.select(Figures.all(), List.of("12")));
  }

  @Test
  void parse_shouldReadOptionsAndFigures_whenMixed() {
    Main.Options o = Main.Options.parse(new String[] {"--quick", "--runs", "12", "2", "4"});

    assertTrue(o.quick());
    assertEquals(12, o.runs());
    assertEquals(List.of("2", "4"), o.figures());
  }

  @Test
  void parse_shouldRefuse_whenRunsIsNotAPositiveNumber() {
    assertThrows(
        IllegalArgumentException.class, () -> Main.Options.parse(new String[] {"--runs", "0"}));
    assertThrows(
        IllegalArgumentException.class, () -> Main.Options.parse(new String[] {"--bogus"}));
  }
}
