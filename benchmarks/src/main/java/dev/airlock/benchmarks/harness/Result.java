package dev.airlock.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the table: a case of a figure, its measurement and the floor measured in the same run,
 * and whether their ratio meets the figure's target. A case that cannot be measured yet is a row
 * too ({@link Status#NOT_MEASURED} with the reason), never a guessed number.
 *
 * @param figure the figure's id ("1".."9")
 * @param name the case, e.g. {@code 7 KB} or {@code webhook}
 * @param measured what the project's code cost or achieved; null when not measured
 * @param floor the floor of the same case, same run; null when not measured
 * @param target the figure's target
 * @param status pass, fail or not measured
 * @param note why it failed, what was not measured, or what else the run saw (never secrets)
 * @param details extra numbers (e.g. CPU beside wall time, allocation, counts), in order
 */
public record Result(
    String figure,
    String name,
    Measurement measured,
    Measurement floor,
    Target target,
    Status status,
    String note,
    Map<String, Object> details) {

  /** Outcome of a row. */
  public enum Status {
    PASS,
    FAIL,
    NOT_MEASURED
  }

  public Result {
    if (figure == null || figure.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException("figure and name are required");
    }
    if (target == null || status == null) {
      throw new IllegalArgumentException("target and status are required");
    }
    if (status == Status.NOT_MEASURED) {
      if (note == null || note.isBlank()) {
        throw new IllegalArgumentException("a row that is not measured must say why");
      }
    } else if (measured == null || floor == null || floor.value() == 0) {
      throw new IllegalArgumentException("a measured row needs a measurement and a non-zero floor");
    }
    note = note == null ? "" : note;
    details =
        details == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * A measured row; its status follows from the ratio and the target, and also fails when {@code
   * extraCheckFailure} names a failed side condition (e.g. requests lost).
   */
  public static Result measured(
      String figure,
      String name,
      Measurement measured,
      Measurement floor,
      Target target,
      String extraCheckFailure,
      Map<String, Object> details) {
    double ratio = measured.value() / floor.value();
    boolean ok = target.isMetBy(ratio) && extraCheckFailure == null;
    String note =
        extraCheckFailure != null
            ? extraCheckFailure
            : ok ? "" : "ratio " + formatRatio(ratio) + " misses " + target;
    return new Result(
        figure, name, measured, floor, target, ok ? Status.PASS : Status.FAIL, note, details);
  }

  /** A row that this run could not measure, and why. */
  public static Result notMeasured(String figure, String name, Target target, String reason) {
    return new Result(figure, name, null, null, target, Status.NOT_MEASURED, reason, Map.of());
  }

  /** measured ÷ floor, or NaN when not measured. */
  public double ratio() {
    return status == Status.NOT_MEASURED ? Double.NaN : measured.value() / floor.value();
  }

  static String formatRatio(double r) {
    return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.2f×", r);
  }
}
