package dev.airlock.benchmarks.harness;

import java.util.Locale;

/**
 * The bound a figure's ratio (measured ÷ floor) must respect: {@code ≤ bound} for costs (time,
 * CPU), {@code ≥ bound} for rates (requests per second, bytes per second).
 *
 * @param direction whether the ratio must stay at most or at least {@code bound}
 * @param bound a positive, finite number
 */
public record Target(Direction direction, double bound) {

  /** Which side of the bound passes. */
  public enum Direction {
    AT_MOST("≤"),
    AT_LEAST("≥");

    private final String symbol;

    Direction(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public Target {
    if (direction == null) {
      throw new IllegalArgumentException("direction is required");
    }
    if (!(bound > 0) || Double.isInfinite(bound)) {
      throw new IllegalArgumentException("bound must be positive and finite: " + bound);
    }
  }

  /** Costs: the ratio must not exceed {@code bound}. */
  public static Target atMost(double bound) {
    return new Target(Direction.AT_MOST, bound);
  }

  /** Rates: the ratio must reach {@code bound}. */
  public static Target atLeast(double bound) {
    return new Target(Direction.AT_LEAST, bound);
  }

  /** Whether {@code ratio} meets the target; NaN and infinities never do. */
  public boolean isMetBy(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return false;
    }
    return direction == Direction.AT_MOST ? ratio <= bound : ratio >= bound;
  }

  @Override
  public String toString() {
    return direction.symbol() + " " + trim(bound) + "×";
  }

  static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
