package dev.airlock.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

class AwsClientFactoryTest {

  private static final Map<String, Object> LOCAL =
      Map.of(
          "aws.region", "eu-west-1",
          "aws.access-key-id", "local-id",
          "aws.secret-key", "local-secret",
          "aws.services.s3.endpoint-override", "http://127.0.0.1:9001",
          "aws.services.sqs.endpoint-override", "http://127.0.0.1:9002",
          "aws.services.kms.endpoint-override", "http://127.0.0.1:9003",
          "aws.services.secretsmanager.endpoint-override", "http://127.0.0.1:9004");

  @Test
  void clients_shouldUseConfiguredRegionAndEndpoints_whenOverridesAreSet() {
    try (ApplicationContext ctx = ApplicationContext.run(LOCAL)) {
      S3Client s3 = ctx.getBean(S3Client.class);
      SqsClient sqs = ctx.getBean(SqsClient.class);
      KmsClient kms = ctx.getBean(KmsClient.class);
      SecretsManagerClient sm = ctx.getBean(SecretsManagerClient.class);

      assertEquals(Region.EU_WEST_1, s3.serviceClientConfiguration().region());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9001")),
          s3.serviceClientConfiguration().endpointOverride());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9002")),
          sqs.serviceClientConfiguration().endpointOverride());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9003")),
          kms.serviceClientConfiguration().endpointOverride());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9004")),
          sm.serviceClientConfiguration().endpointOverride());
      assertTrue(
          kms.serviceClientConfiguration().credentialsProvider()
              instanceof StaticCredentialsProvider);
      assertEquals(
          "local-id",
          kms.serviceClientConfiguration()
              .credentialsProvider()
              .resolveIdentity()
              .join()
              .accessKeyId());
      assertFalse(ctx.containsBean(S3Client.class, Qualifiers.byName(AwsClientFactory.REPLICA)));
    }
  }

  @Test
  void s3_shouldAddressBucketsByPath_whenEndpointIsOverridden() {
    try (ApplicationContext ctx = ApplicationContext.run(LOCAL)) {
      String url =
          ctx.getBean(S3Client.class)
              .utilities()
              .getUrl(b -> b.bucket("state").key("a/b"))
              .toString();

      assertEquals("http://127.0.0.1:9001/state/a/b", url);
    }
  }

  @Test
  void replicaClients_shouldUseReplicaRegionAndEndpoints_whenReplicaRegionIsSet() {
    Map<String, Object> config = new java.util.HashMap<>(LOCAL);
    config.put("aws.replica-region", "eu-central-1");
    config.put("aws.services.s3-replica.endpoint-override", "http://127.0.0.1:9101");
    config.put("aws.services.kms-replica.endpoint-override", "http://127.0.0.1:9103");
    try (ApplicationContext ctx = ApplicationContext.run(config)) {
      S3Client primary = ctx.getBean(S3Client.class);
      S3Client replica = ctx.getBean(S3Client.class, Qualifiers.byName(AwsClientFactory.REPLICA));
      KmsClient replicaKms =
          ctx.getBean(KmsClient.class, Qualifiers.byName(AwsClientFactory.REPLICA));

      assertNotSame(primary, replica);
      assertEquals(Region.EU_CENTRAL_1, replica.serviceClientConfiguration().region());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9101")),
          replica.serviceClientConfiguration().endpointOverride());
      assertEquals(Region.EU_CENTRAL_1, replicaKms.serviceClientConfiguration().region());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9103")),
          replicaKms.serviceClientConfiguration().endpointOverride());
      assertEquals(Region.EU_WEST_1, primary.serviceClientConfiguration().region());
    }
  }

  @Test
  void clients_shouldUseRegionalEndpointAndDefaultChain_whenNothingIsOverridden() {
    try (ApplicationContext ctx = ApplicationContext.run(Map.of("aws.region", "us-east-2"))) {
      KmsClient kms = ctx.getBean(KmsClient.class);

      assertEquals(Optional.empty(), kms.serviceClientConfiguration().endpointOverride());
      assertFalse(
          kms.serviceClientConfiguration().credentialsProvider()
              instanceof StaticCredentialsProvider);
      assertEquals(
          "https://state.s3.us-east-2.amazonaws.com/k",
          ctx.getBean(S3Client.class)
              .utilities()
              .getUrl(b -> b.bucket("state").key("k"))
              .toString());
    }
  }

  @Test
  void localBuilders_shouldWorkWithoutApplicationContext() {
    try (S3Client s3 = AwsClients.s3(URI.create("http://127.0.0.1:9001"), Region.US_EAST_1);
        SqsClient sqs = AwsClients.sqs(URI.create("http://127.0.0.1:9002"), Region.US_EAST_1)) {
      assertEquals(Region.US_EAST_1, s3.serviceClientConfiguration().region());
      assertEquals(
          Optional.of(URI.create("http://127.0.0.1:9002")),
          sqs.serviceClientConfiguration().endpointOverride());
      assertEquals(
          "http://127.0.0.1:9001/b/k",
          s3.utilities().getUrl(b -> b.bucket("b").key("k")).toString());
    }
  }
}
