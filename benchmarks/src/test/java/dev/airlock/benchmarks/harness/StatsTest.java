package dev.airlock.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void median_shouldPickTheMiddle_whenCountIsOdd() {
    assertEquals(5.0, Stats.median(List.of(9, 1, 5)));
  }

  @Test
  void median_shouldAverageTheMiddleTwo_whenCountIsEven() {
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
  }

  @Test
  void median_shouldRefuse_whenEmpty() {
    assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
  }

  @Test
  void percentile_shouldUseNearestRank_whenAskedForP99() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }

    assertEquals(50, Stats.percentile(sorted, 50));
    assertEquals(99, Stats.percentile(sorted, 99));
    assertEquals(100, Stats.percentile(sorted, 100));
    assertEquals(7, Stats.percentile(new long[] {7}, 99));
  }
}
