package dev.airlock.aws.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.aws.config.AwsClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The multi-region ARN rewrite, which needs no server (no request is sent). */
class KmsDataKeyProviderTest {

  @Test
  void localize_shouldRepointMultiRegionArn_whenItNamesAnotherRegion() {
    try (KmsClient kms = AwsClients.kms(URI.create("http://127.0.0.1:1"), Region.EU_CENTRAL_1)) {
      KmsDataKeyProvider provider = new KmsDataKeyProvider(kms);

      assertEquals(
          "arn:aws:kms:eu-central-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
          provider.localize(
              "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"));
    }
  }

  @Test
  void localize_shouldKeepKeyId_whenNotAForeignMultiRegionArn() {
    try (KmsClient kms = AwsClients.kms(URI.create("http://127.0.0.1:1"), Region.EU_CENTRAL_1)) {
      KmsDataKeyProvider provider = new KmsDataKeyProvider(kms);
      String singleRegion =
          "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
      String sameRegion =
          "arn:aws:kms:eu-central-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";

      assertEquals(singleRegion, provider.localize(singleRegion));
      assertEquals(sameRegion, provider.localize(sameRegion));
      assertEquals("alias/airlock/tenant/acme", provider.localize("alias/airlock/tenant/acme"));
    }
  }
}
