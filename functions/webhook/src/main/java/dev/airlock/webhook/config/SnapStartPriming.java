package dev.airlock.webhook.config;

import dev.airlock.aws.priming.SnapStartPrimingSupport;
import dev.airlock.webhook.adapter.WebhookCryptoWarmUp;
import dev.airlock.webhook.domain.SignatureWarmUp;
import dev.airlock.webhook.domain.WebhookService;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.util.List;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SnapStart priming of the webhook function: when Lambda initializes a published version for a
 * snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, seen by Micronaut as {@code
 * aws.lambda.initialization.type}), this bean registers itself as a CRaC {@code Resource} (through
 * {@link SnapStartPrimingSupport}) and, in {@link #beforeCheckpoint}, warms what every restored
 * environment would otherwise load on its first invocation: the JSON (de)serializers, HMAC-SHA256
 * and AES-256-GCM (JCA provider look-up, key set-up, the C1-compiled loops), and the SDK clients
 * and domain beans of the composition root.
 *
 * <p>What it never does before the snapshot: fetch a secret or token (the secrets source is not
 * called; secrets are read after the restore, in {@link #afterRestore}, through their cache), call
 * AWS (so the SDK's credentials provider has resolved nothing that the snapshot could capture), or
 * keep a key: the HMAC and AES keys are random throw-aways, zeroed after use. Outside SnapStart the
 * bean does not exist, so ordinary cold starts pay nothing for it.
 */
@Context
@Requires(property = "aws.lambda.initialization.type", value = "snap-start")
public class SnapStartPriming extends SnapStartPrimingSupport {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SnapStartPriming.class);

  private final BeanContext beans;

  public SnapStartPriming(BeanContext beans) {
    super(beans);
    this.beans = beans;
  }

  /**
   * After a restore (never before the snapshot): reads the GitHub and Bitbucket secrets and runs
   * one throw-away verification with each on this thread, the one Lambda's runtime then runs the
   * invocations on, so the first request pays neither the secrets read nor the key set-up nor the
   * paging-in of the verification ({@link WebhookService#prepareVerifiers}). A failure here must
   * not fail the restore (Lambda's runtime exits on an exception from this hook): the first request
   * reads the secrets itself and fails closed as before. Nothing about the secrets is logged.
   */
  @Override
  public void afterRestore(org.crac.Context<? extends org.crac.Resource> ignored) {
    try {
      beans.getBean(WebhookService.class).prepareVerifiers();
    } catch (RuntimeException e) {
      LOG.warn("webhook secrets not prepared after restore: {}", e.getClass().getSimpleName());
    }
  }

  /** The clients and domain beans the first invocation needs, built now instead. */
  @Override
  protected List<Class<?>> beans() {
    return List.of(S3Client.class, SqsClient.class, KmsClient.class, WebhookService.class);
  }

  /**
   * The signature verifiers themselves (ACCP's HMAC when its jar is present and healthy), with
   * throw-away keys, so the first request after restore runs compiled verification code.
   */
  @Override
  protected void warmExtras(List<String> warmed) {
    warmed.add(
        "webhook-signatures:"
            + new WebhookCryptoWarmUp().warmUp(SignatureWarmUp.DEFAULT_ITERATIONS));
  }
}
