package dev.airlock.accounts.config;

import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.aws.priming.SnapStartPrimingSupport;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.util.List;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming of the accounts function: when Lambda initializes a published version for a
 * snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, seen by Micronaut as {@code
 * aws.lambda.initialization.type}), this bean registers itself as a CRaC {@code Resource} (through
 * {@link SnapStartPrimingSupport}) and, in {@link #beforeCheckpoint}, warms what every restored
 * environment would otherwise load on its first invocation: the JSON (de)serializers, HMAC-SHA256
 * and AES-256-GCM (JCA provider look-up, key set-up, the C1-compiled loops), and the SDK clients
 * and domain beans of the composition root.
 *
 * <p>What it never does before the snapshot: fetch a secret or token (the secrets source is not
 * called; secrets are read on the first invocation after restore, through their cache), call AWS
 * (so the SDK's credentials provider has resolved nothing that the snapshot could capture), or keep
 * a key: the HMAC and AES keys are random throw-aways, zeroed after use. Outside SnapStart the bean
 * does not exist, so ordinary cold starts pay nothing for it.
 */
@Context
@Requires(property = "aws.lambda.initialization.type", value = "snap-start")
public class SnapStartPriming extends SnapStartPrimingSupport {

  public SnapStartPriming(BeanContext beans) {
    super(beans);
  }

  /** The clients and domain beans the first invocation needs, built now instead. */
  @Override
  protected List<Class<?>> beans() {
    return List.of(S3Client.class, KmsClient.class, AccountDeletion.class);
  }
}
