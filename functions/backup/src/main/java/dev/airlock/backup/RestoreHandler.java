package dev.airlock.backup;

import dev.airlock.backup.config.FunctionContext;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * The restore Lambda, invoked by an operator with a {@link RestoreRequest} ({@code
 * events/backup/restore-request.json}): verifies the snapshot fully, then restores it into the
 * target prefix. It answers with the {@link RestoreReport} either way; {@code outcome} says whether
 * it restored, and a failed verification wrote nothing.
 */
public class RestoreHandler extends MicronautRequestHandler<RestoreRequest, RestoreReport> {

  @Inject BackupOperations operations;

  public RestoreHandler() {
    super();
  }

  public RestoreHandler(ApplicationContext context) {
    super(context);
  }

  /** Lambda's context, with only the beans an invocation needs ({@link FunctionContext}). */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }

  @Override
  public RestoreReport execute(RestoreRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("a restore request is required");
    }
    return operations.restore(request);
  }
}
