package dev.airlock.benchmarks;

import dev.airlock.benchmarks.checkout.CloneFigure;
import dev.airlock.benchmarks.coldstart.ColdStartFigure;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.PendingFigure;
import dev.airlock.benchmarks.harness.Target;
import dev.airlock.benchmarks.pmd.PmdStageFigure;
import dev.airlock.benchmarks.secrets.SecretsFigure;
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
        new CloneFigure(),
        new SecretsFigure(),
        new PmdStageFigure(),
        new PendingFigure(
            "8",
            "Backup end to end, CPU per byte",
            "JDK Deflater level 1 + AES-256-GCM over the same bytes in memory",
            Target.atMost(1.2),
            "the backup function has not landed in main"),
        new PendingFigure(
            "9",
            "Restore + verify, CPU per byte",
            "Inflater + AES-GCM decrypt over the same bytes",
            Target.atMost(1.2),
            "the backup function (restore) has not landed in main"));
  }
}
