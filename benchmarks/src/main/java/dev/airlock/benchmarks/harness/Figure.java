package dev.airlock.benchmarks.harness;

import java.util.List;

/**
 * One figure of issue 8: a hot path, the floor it is compared with in the same run, and the target
 * for their ratio.
 */
public interface Figure {

  /** "1".."9", as numbered in the issue and the README. */
  String id();

  /** What is measured, in a few words. */
  String title();

  /** How the floor is built. */
  String floorDescription();

  /** The bound the ratio must respect. */
  Target target();

  /**
   * Measures every case of the figure. A case that cannot be measured in this checkout (its code
   * has not landed, a tool is missing) is returned as {@link Result#notMeasured}; only a broken
   * harness throws.
   *
   * @throws Exception if the harness itself fails (the caller records the figure as not measured)
   */
  List<Result> run(RunContext context) throws Exception;
}
