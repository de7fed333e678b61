package dev.airlock.aws.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.crypto.DataKeyProvider.DataKey;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.testkit.AwsEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link KmsDataKeyProvider} scenarios that hold on every {@link AwsEnvironment}: Airlock's local
 * KMS endpoint ({@link KmsDataKeyProviderIT}) and LocalStack ({@link KmsDataKeyProviderDockerIT}).
 * Each test creates its own keys, so nothing here changes the shared service keys.
 *
 * <p>Key-state scenarios (a disabled or deletion-pending key refusing to wrap or unwrap) are not
 * here: they live in {@link KmsDataKeyProviderIT} only, because crypto-shredding is specified
 * against Airlock's own KMS endpoint, the one that enforces key state as AWS KMS documents.
 */
abstract class KmsDataKeyProviderScenarios {

  protected static final Map<String, String> CONTEXT =
      Map.of("account", "acme", "kind", "results", "object", "tenants/acme/results/1.json");

  protected AwsEnvironment aws;
  protected KmsClient kms;
  protected KmsDataKeyProvider provider;

  @BeforeEach
  void setUp(AwsEnvironment aws) {
    this.aws = aws;
    kms = aws.kms();
    provider = new KmsDataKeyProvider(kms);
  }

  protected String newKey() {
    return kms.createKey(b -> b.description("coreaws-it")).keyMetadata().arn();
  }

  @Test
  void unwrap_shouldReturnGeneratedKey_whenContextMatches() {
    String key = newKey();

    DataKey dk = provider.generate(key, CONTEXT);

    assertEquals(32, dk.plaintext().length);
    assertEquals(key, dk.keyId());
    assertArrayEquals(dk.plaintext(), provider.unwrap(dk.wrapped(), CONTEXT));
    assertArrayEquals(dk.plaintext(), provider.unwrap(key, dk.wrapped(), CONTEXT));
  }

  @Test
  void unwrap_shouldThrowInvalidCiphertext_whenContextDiffers() {
    DataKey dk = provider.generate(newKey(), CONTEXT);

    assertThrows(
        InvalidCiphertextException.class,
        () -> provider.unwrap(dk.wrapped(), Map.of("account", "other")));
  }

  @Test
  void unwrap_shouldThrowInvalidCiphertext_whenBlobIsTampered() {
    DataKey dk = provider.generate(newKey(), CONTEXT);
    byte[] tampered = dk.wrapped().clone();
    tampered[tampered.length - 1] ^= 1;

    assertThrows(InvalidCiphertextException.class, () -> provider.unwrap(tampered, CONTEXT));
  }

  @Test
  void pinnedUnwrap_shouldThrowInvalidCiphertext_whenAnotherKeyWrappedIt() {
    DataKey dk = provider.generate(newKey(), CONTEXT);
    String other = newKey();

    assertThrows(
        InvalidCiphertextException.class, () -> provider.unwrap(other, dk.wrapped(), CONTEXT));
  }

  @Test
  void generate_shouldThrowKeyUnavailable_whenKeyDoesNotExist() {
    KeyUnavailableException e =
        assertThrows(
            KeyUnavailableException.class,
            () -> provider.generate("alias/airlock/tenant/no-such-tenant", CONTEXT));
    assertEquals("NotFoundException", e.reason());
  }

  @Test
  void envelope_shouldRoundTripThroughKms() {
    String key = newKey();
    EnvelopeCipher cipher = new EnvelopeCipher(provider);
    byte[] plaintext = "{\"findings\":[]}".getBytes(StandardCharsets.UTF_8);

    byte[] envelope = cipher.encrypt(key, CONTEXT, plaintext);

    assertArrayEquals(plaintext, cipher.decrypt(envelope, CONTEXT));
    assertArrayEquals(plaintext, cipher.decrypt(envelope, key, CONTEXT));
    assertEquals(key, EnvelopeCipher.keyIdOf(envelope));
  }

  @Test
  void pinnedDecrypt_shouldWorkInReplicaRegion_whenKeyIsMultiRegion() {
    var md = kms.createKey(b -> b.description("coreaws-mrk-it").multiRegion(true)).keyMetadata();
    kms.replicateKey(b -> b.keyId(md.keyId()).replicaRegion(aws.replicaRegion()));
    byte[] envelope =
        new EnvelopeCipher(provider)
            .encrypt(md.arn(), CONTEXT, "x".getBytes(StandardCharsets.UTF_8));
    KmsDataKeyProvider replica = new KmsDataKeyProvider(aws.kmsReplica());
    String headerKey = EnvelopeCipher.keyIdOf(envelope);

    byte[] plaintext = new EnvelopeCipher(replica).decrypt(envelope, headerKey, CONTEXT);

    assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), plaintext);
    assertTrue(headerKey.contains(":" + aws.region() + ":"), headerKey);
    assertNotEquals(headerKey, replica.localize(headerKey));
  }
}
