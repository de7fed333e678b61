package dev.airlock.backup;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.airlock.backup.config.FunctionContext;
import dev.airlock.backup.domain.BackupReport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * The scheduled backup Lambda ({@code template.yaml}: {@code BackupFunction}, an EventBridge
 * schedule, hourly by default): takes a snapshot and checks its replica. The event's content does
 * not matter; every invocation backs up the state as it is now. A failed snapshot throws, so the
 * function's {@code Errors} alarm fires and the "no snapshot" alarm follows.
 */
public class BackupHandler extends MicronautRequestHandler<ScheduledEvent, BackupReport> {

  @Inject BackupOperations operations;

  /** For Lambda: starts its own application context. */
  public BackupHandler() {
    super();
  }

  /** For tests and the local stack: uses the given context. */
  public BackupHandler(ApplicationContext context) {
    super(context);
  }

  /** Lambda's context, with only the beans an invocation needs ({@link FunctionContext}). */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }

  @Override
  public BackupReport execute(ScheduledEvent event) {
    return operations.backup();
  }
}
