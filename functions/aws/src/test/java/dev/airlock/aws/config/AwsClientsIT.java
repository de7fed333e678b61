package dev.airlock.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients {@link AwsClients} builds share one HTTP client: closing one SDK client (as a
 * test's or the local stack's context does with its beans) must leave every other one working.
 */
@ExtendWith(LocalAwsExtension.class)
class AwsClientsIT {

  @Test
  void clients_shouldKeepWorking_whenAnotherClientWasClosed(LocalAws aws) {
    Region region = Region.of(aws.region());
    String bucket = aws.bucket("StateBucket");
    KmsClient closed = AwsClients.kms(aws.endpoint("kms"), region);
    closed.close();
    try (S3Client first = AwsClients.s3(aws.endpoint("s3"), region);
        S3Client second = AwsClients.s3(aws.endpoint("s3"), region)) {
      first.putObject(
          r -> r.bucket(bucket).key("aws-clients-it/shared"),
          RequestBody.fromString("shared", StandardCharsets.UTF_8));
      first.close();

      assertEquals(
          "shared",
          second
              .getObjectAsBytes(r -> r.bucket(bucket).key("aws-clients-it/shared"))
              .asUtf8String());
    }
  }
}
