package dev.airlock.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void isMetBy_shouldAcceptTheBoundItself_whenAtMost() {
    Target t = Target.atMost(1.25);

    assertTrue(t.isMetBy(1.25));
    assertTrue(t.isMetBy(0.4));
    assertFalse(t.isMetBy(1.2501));
  }

  @Test
  void isMetBy_shouldRefuseLowRates_whenAtLeast() {
    Target t = Target.atLeast(0.5);

    assertTrue(t.isMetBy(0.5));
    assertTrue(t.isMetBy(3));
    assertFalse(t.isMetBy(0.49));
  }

  @Test
  void isMetBy_shouldRefuse_whenRatioIsNotFinite() {
    assertFalse(Target.atMost(2).isMetBy(Double.NaN));
    assertFalse(Target.atLeast(0.5).isMetBy(Double.POSITIVE_INFINITY));
  }

  @Test
  void constructor_shouldRefuse_whenBoundIsNotPositive() {
    assertThrows(IllegalArgumentException.class, () -> Target.atMost(0));
    assertThrows(IllegalArgumentException.class, () -> Target.atLeast(Double.NaN));
  }

  @Test
  void toString_shouldReadAsTheIssueWritesIt_whenPrinted() {
    assertEquals("≤ 1.25×", Target.atMost(1.25).toString());
    assertEquals("≥ 0.5×", Target.atLeast(0.5).toString());
    assertEquals("≤ 2×", Target.atMost(2).toString());
  }
}
