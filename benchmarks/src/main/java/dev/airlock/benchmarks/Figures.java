package dev.airlock.benchmarks;

import dev.airlock.benchmarks.backup.BackupFigure;
import dev.airlock.benchmarks.backup.RestoreFigure;
import dev.airlock.benchmarks.coldstart.ColdStartFigure;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.PendingFigure;
import dev.airlock.benchmarks.harness.Target;
import dev.airlock.benchmarks.webhook.EndToEndFigure;
import dev.airlock.benchmarks.webhook.FirstVerificationFigure;
import dev.airlock.benchmarks.webhook.WarmVerificationFigure;
import java.util.List;

/** Every figure of issue 8, in order; those whose code has not landed say so. */
public final class Figures {
  private Figures() {}

  public static List<Figure> all() {
    return List.of(
        new ColdStartFigure(),
        new WarmVerificationFigure(),
        new FirstVerificationFigure(),
        new EndToEndFigure(),
        new PendingFigure(
            "5",
            "Clone of a 5,000-file / ~45 MB repository at one SHA",
            "git clone --depth 1 of the same repository and commit",
            Target.atMost(1.5),
            "the analyze function (checkout) has not landed in main"),
        new PendingFigure(
            "6",
            "Secrets analyzer over a ~100 MB source-like corpus",
            "grep -E -c -f with the same patterns",
            Target.atLeast(0.75),
            "the secrets analyzer has not landed in main"),
        new PendingFigure(
            "7",
            "PMD stage in the sandbox",
            "PMD's own CLI on the same files, rules and threads",
            Target.atMost(1.1),
            "the PMD analyzer stage has not landed in main"),
        new BackupFigure(),
        new RestoreFigure());
  }
}
