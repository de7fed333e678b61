package dev.airlock.accounts;

import dev.airlock.accounts.config.FunctionContext;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.AccountDeletionRequest;
import dev.airlock.accounts.domain.DeletionCertificate;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point of account deletion: takes an {@link AccountDeletionRequest}, lets {@link
 * AccountDeletion} do it, returns the {@link DeletionCertificate}. Nothing else.
 *
 * <p>Who may call it is decided by IAM, not by this code: the function has no URL, no API route and
 * no event source; only principals granted {@code lambda:InvokeFunction} on it (the operator's and
 * support tooling's roles) can invoke it, and every invocation is a SigV4-signed request that
 * CloudTrail records. A shared HMAC secret on top would add a secret to keep and rotate without
 * adding a caller that IAM does not already authenticate.
 *
 * <p>Input and output travel as JSON through Micronaut Serde ({@code
 * JsonMapperCustomPojoSerializer}, registered for the Lambda runtime in {@code META-INF/services}).
 * A failed deletion fails the invocation (the error names the failure, never data); invoking again
 * resumes it. The no-argument constructor is Lambda's; tests and the local stack pass their own
 * {@link ApplicationContext}.
 */
public class AccountDeletionHandler
    extends MicronautRequestHandler<AccountDeletionRequest, DeletionCertificate> {

  @Inject AccountDeletion deletion;

  public AccountDeletionHandler() {}

  public AccountDeletionHandler(ApplicationContext context) {
    super(context);
  }

  /** Lambda's context, with only the beans an invocation needs ({@link FunctionContext}). */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }

  @Override
  public DeletionCertificate execute(AccountDeletionRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("a deletion request is required");
    }
    return deletion.delete(request);
  }
}
