package dev.airlock.benchmarks.harness;

import java.util.Arrays;
import java.util.List;

/** The few statistics the harness reports. */
public final class Stats {
  private Stats() {}

  /**
   * The median (the mean of the two middle values for an even count).
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static double median(List<? extends Number> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.stream().mapToDouble(Number::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /**
   * The nearest-rank percentile {@code p} (0 < p ≤ 100) of {@code sorted}, which must be sorted.
   *
   * @throws IllegalArgumentException if {@code sorted} is empty or {@code p} is out of range
   */
  public static long percentile(long[] sorted, double p) {
    if (sorted == null || sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile out of range: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
