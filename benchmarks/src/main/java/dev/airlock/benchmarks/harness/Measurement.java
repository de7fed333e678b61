package dev.airlock.benchmarks.harness;

import java.util.Locale;

/**
 * One measured quantity and its unit, e.g. {@code 12.3 µs/op} or {@code 850 req/s}.
 *
 * @param value non-negative and finite
 * @param unit what {@code value} counts; never blank
 */
public record Measurement(double value, String unit) {

  public Measurement {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("value must be finite and non-negative: " + value);
    }
    if (unit == null || unit.isBlank()) {
      throw new IllegalArgumentException("unit is required");
    }
  }

  /** Three significant digits, then the unit. */
  @Override
  public String toString() {
    return format(value) + " " + unit;
  }

  static String format(double v) {
    if (v == 0) {
      return "0";
    }
    double abs = Math.abs(v);
    if (abs >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (abs >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
