package dev.airlock.aws.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS clients as Micronaut beans, configured like Micronaut AWS does it:
 *
 * <ul>
 *   <li>{@code aws.region} — the region (else the SDK's default region chain);
 *   <li>{@code aws.services.<s3|sqs|kms|secretsmanager>.endpoint-override} — the endpoint (local
 *       stand-ins); S3 switches to path-style addressing when it is set;
 *   <li>{@code aws.replica-region}, {@code aws.services.s3-replica.endpoint-override}, {@code
 *       aws.services.kms-replica.endpoint-override} — the second region's S3 and KMS clients,
 *       {@code @Named("replica")}, present only when {@code aws.replica-region} is set;
 *   <li>{@code aws.access-key-id} + {@code aws.secret-key} (+ optional {@code aws.session-token}) —
 *       static credentials for local runs; in AWS leave them unset so the Lambda role's credentials
 *       come from the SDK's default chain.
 * </ul>
 *
 * Clients are closed with the application context.
 */
@Factory
public class AwsClientFactory {

  public static final String REPLICA = "replica";

  private final PropertyResolver config;

  public AwsClientFactory(PropertyResolver config) {
    this.config = config;
  }

  /** Primary, so an unqualified injection point gets this region's client, not the replica's. */
  @Singleton
  @Primary
  @Bean(preDestroy = "close")
  public S3Client s3Client() {
    return AwsClients.s3(settings(primaryRegion(), "s3"));
  }

  @Singleton
  @Bean(preDestroy = "close")
  public SqsClient sqsClient() {
    return AwsClients.sqs(settings(primaryRegion(), "sqs"));
  }

  @Singleton
  @Primary
  @Bean(preDestroy = "close")
  public KmsClient kmsClient() {
    return AwsClients.kms(settings(primaryRegion(), "kms"));
  }

  @Singleton
  @Bean(preDestroy = "close")
  public SecretsManagerClient secretsManagerClient() {
    return AwsClients.secretsManager(settings(primaryRegion(), "secretsmanager"));
  }

  @Singleton
  @Named(REPLICA)
  @Requires(property = "aws.replica-region")
  @Bean(preDestroy = "close")
  public S3Client replicaS3Client() {
    return AwsClients.s3(settings(replicaRegion(), "s3-replica"));
  }

  @Singleton
  @Named(REPLICA)
  @Requires(property = "aws.replica-region")
  @Bean(preDestroy = "close")
  public KmsClient replicaKmsClient() {
    return AwsClients.kms(settings(replicaRegion(), "kms-replica"));
  }

  /** The settings for one service, from configuration; public so tests can check the mapping. */
  public AwsClients.Settings settings(Region region, String service) {
    URI endpoint =
        config
            .get("aws.services." + service + ".endpoint-override", String.class)
            .filter(s -> !s.isBlank())
            .map(URI::create)
            .orElse(null);
    return new AwsClients.Settings(region, endpoint, credentials());
  }

  Region primaryRegion() {
    return region("aws.region");
  }

  Region replicaRegion() {
    return region("aws.replica-region");
  }

  private Region region(String property) {
    return config
        .get(property, String.class)
        .filter(s -> !s.isBlank())
        .map(Region::of)
        .orElse(null);
  }

  /** Static credentials only when both parts are configured; else the SDK's default chain. */
  private AwsCredentialsProvider credentials() {
    String id = first("aws.access-key-id", "aws.accessKeyId");
    String secret = first("aws.secret-key", "aws.secretKey");
    if (id == null || secret == null) {
      return null;
    }
    String session = first("aws.session-token", "aws.sessionToken");
    return StaticCredentialsProvider.create(
        session == null
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, session));
  }

  private String first(String... properties) {
    for (String p : properties) {
      String v = config.get(p, String.class).filter(s -> !s.isBlank()).orElse(null);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
