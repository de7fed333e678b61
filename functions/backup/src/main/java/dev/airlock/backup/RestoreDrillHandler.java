package dev.airlock.backup;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.airlock.backup.config.FunctionContext;
import dev.airlock.backup.domain.DrillReport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * The scheduled restore drill Lambda ({@code RestoreDrillFunction}, weekly): restores the latest
 * snapshot of the drill region (the replica) and compares it with the snapshot's record of the
 * source. A failed drill throws after its audit record and metric, so the function's {@code Errors}
 * alarm fires.
 */
public class RestoreDrillHandler extends MicronautRequestHandler<ScheduledEvent, DrillReport> {

  @Inject BackupOperations operations;

  public RestoreDrillHandler() {
    super();
  }

  public RestoreDrillHandler(ApplicationContext context) {
    super(context);
  }

  /** Lambda's context, with only the beans an invocation needs ({@link FunctionContext}). */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }

  @Override
  public DrillReport execute(ScheduledEvent event) {
    DrillReport report = operations.drill();
    if (!report.succeeded()) {
      throw new DrillFailedException(report);
    }
    return report;
  }

  /** The drill failed; the message names the snapshot, the failure and the chunk only. */
  public static final class DrillFailedException extends RuntimeException {
    private final transient DrillReport report;

    DrillFailedException(DrillReport report) {
      super(
          "restore drill failed: "
              + report.failure()
              + (report.snapshotId() == null ? "" : " (snapshot " + report.snapshotId() + ")")
              + (report.failedChunk() == null ? "" : " at chunk " + report.failedChunk()));
      this.report = report;
    }

    public DrillReport report() {
      return report;
    }
  }
}
