package dev.airlock.benchmarks.harness;

import java.util.List;

/**
 * A figure whose code has not landed in this checkout (or whose floor cannot be built here): listed
 * in the table as not measured, with the reason, never with a number.
 */
public record PendingFigure(
    String id, String title, String floorDescription, Target target, String reason)
    implements Figure {

  @Override
  public List<Result> run(RunContext context) {
    return List.of(Result.notMeasured(id, title, target, reason));
  }
}
