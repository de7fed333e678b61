package dev.airlock.benchmarks;

import dev.airlock.benchmarks.backup.BackupFigure;
import dev.airlock.benchmarks.backup.RestoreFigure;
import dev.airlock.benchmarks.checkout.CloneFigure;
import dev.airlock.benchmarks.coldstart.ColdStartFigure;
import dev.airlock.benchmarks.harness.Figure;
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
        new BackupFigure(),
        new RestoreFigure());
  }
}
