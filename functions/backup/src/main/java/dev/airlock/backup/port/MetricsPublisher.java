package dev.airlock.backup.port;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Publishes the backup's metrics (CloudWatch in AWS, where alarms watch them). Metric names are
 * fixed identifiers; values are counts, bytes or seconds, never data.
 *
 * <p>Publishing must never make a backup fail: implementations swallow and log their own failures
 * (a missing metric is caught by the "no snapshot completed" alarm, which treats missing data as
 * breaching).
 */
public interface MetricsPublisher {

  /** Publishes the metrics as one batch (same timestamp). */
  void publish(List<Metric> metrics);

  /** Units CloudWatch understands. */
  enum Unit {
    COUNT("Count"),
    BYTES("Bytes"),
    SECONDS("Seconds");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
      this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
      return cloudWatchName;
    }
  }

  /**
   * One data point.
   *
   * @param name an identifier ({@code [A-Za-z][A-Za-z0-9]*}, at most 64 characters)
   * @param value the value
   * @param unit its unit
   */
  record Metric(String name, double value, Unit unit) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    public Metric {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("metric name must be an identifier");
      }
      if (unit == null || Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("metric needs a finite value and a unit");
      }
    }

    public static Metric count(String name, long value) {
      return new Metric(name, value, Unit.COUNT);
    }
  }
}
