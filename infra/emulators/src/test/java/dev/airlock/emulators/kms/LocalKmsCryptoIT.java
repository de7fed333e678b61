package dev.airlock.emulators.kms;

import static dev.airlock.emulators.kms.LocalKms.EAST;
import static dev.airlock.emulators.kms.LocalKms.bytes;
import static dev.airlock.emulators.kms.LocalKms.createKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/** Encrypt, Decrypt, data keys and ReEncrypt through the real SDK client. */
class LocalKmsCryptoIT {

  private static final Map<String, String> CONTEXT =
      Map.of("account", "acct-1", "kind", "results", "object", "results/acct-1/abc.sarif");

  private static LocalKms local;
  private static KmsClient kms;
  private static KeyMetadata key;

  @BeforeAll
  static void start() {
    local = LocalKms.start();
    kms = local.client(EAST);
    key = createKey(kms, "crypto");
    kms.createAlias(b -> b.aliasName("alias/airlock/crypto").targetKeyId(key.keyId()));
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void generateDataKey_shouldReturnPlaintextThatDecryptReturnsAgain_whenContextMatches() {
    GenerateDataKeyResponse dataKey =
        kms.generateDataKey(
            b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));

    DecryptResponse decrypted =
        kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(CONTEXT));

    assertEquals(32, dataKey.plaintext().asByteArray().length);
    assertArrayEquals(dataKey.plaintext().asByteArray(), decrypted.plaintext().asByteArray());
    assertEquals(key.arn(), dataKey.keyId());
    assertEquals(key.arn(), decrypted.keyId());
    assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, decrypted.encryptionAlgorithm());
  }

  @Test
  void generateDataKey_shouldReturnFreshKeysEachCall_whenCalledTwice() {
    GenerateDataKeyResponse first =
        kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));
    GenerateDataKeyResponse second =
        kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));

    assertFalse(Arrays.equals(first.plaintext().asByteArray(), second.plaintext().asByteArray()));
    assertNotEquals(first.ciphertextBlob(), second.ciphertextBlob());
  }

  @Test
  void generateDataKey_shouldHonourNumberOfBytes_whenGivenInsteadOfKeySpec() {
    GenerateDataKeyResponse dataKey =
        kms.generateDataKey(b -> b.keyId(key.keyId()).numberOfBytes(64));

    assertEquals(64, dataKey.plaintext().asByteArray().length);
    assertArrayEquals(
        dataKey.plaintext().asByteArray(),
        kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())).plaintext().asByteArray());
  }

  @Test
  void generateDataKey_shouldBeRefused_whenBothOrNeitherOfKeySpecAndNumberOfBytesAreGiven() {
    KmsException both =
        assertThrows(
            KmsException.class,
            () ->
                kms.generateDataKey(
                    b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256).numberOfBytes(32)));
    KmsException neither =
        assertThrows(KmsException.class, () -> kms.generateDataKey(b -> b.keyId(key.keyId())));

    assertEquals("ValidationException", both.awsErrorDetails().errorCode());
    assertEquals("ValidationException", neither.awsErrorDetails().errorCode());
  }

  @Test
  void generateDataKeyWithoutPlaintext_shouldReturnOnlyABlobThatDecrypts_whenCalled() {
    var response =
        kms.generateDataKeyWithoutPlaintext(
            b -> b.keyId("alias/airlock/crypto").keySpec(DataKeySpec.AES_128));

    assertEquals(key.arn(), response.keyId());
    assertEquals(
        16,
        kms.decrypt(b -> b.ciphertextBlob(response.ciphertextBlob()))
            .plaintext()
            .asByteArray()
            .length);
  }

  @Test
  void encrypt_shouldRoundTripBytes_whenDecryptedWithTheSameContext() {
    byte[] plaintext = new byte[4096];
    for (int i = 0; i < plaintext.length; i++) {
      plaintext[i] = (byte) (i * 31);
    }

    EncryptResponse encrypted =
        kms.encrypt(
            b ->
                b.keyId(key.arn())
                    .plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(CONTEXT));
    DecryptResponse decrypted =
        kms.decrypt(
            b ->
                b.ciphertextBlob(encrypted.ciphertextBlob())
                    .encryptionContext(CONTEXT)
                    .keyId(key.keyId()));

    assertArrayEquals(plaintext, decrypted.plaintext().asByteArray());
    assertEquals(key.arn(), encrypted.keyId());
    assertFalse(
        Arrays.equals(plaintext, encrypted.ciphertextBlob().asByteArray()),
        "ciphertext must not be the plaintext");
  }

  @Test
  void everyCryptoOperation_shouldAcceptAliasNameAndAliasArn_whenTheAliasExists() {
    String aliasArn = "arn:aws:kms:us-east-1:000000000000:alias/airlock/crypto";
    for (String id : new String[] {"alias/airlock/crypto", aliasArn, key.keyId(), key.arn()}) {
      EncryptResponse encrypted = kms.encrypt(b -> b.keyId(id).plaintext(bytes("hello")));
      GenerateDataKeyResponse dataKey =
          kms.generateDataKey(b -> b.keyId(id).keySpec(DataKeySpec.AES_256));

      assertEquals(
          "hello",
          kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).keyId(id))
              .plaintext()
              .asUtf8String());
      assertArrayEquals(
          dataKey.plaintext().asByteArray(),
          kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).keyId(id))
              .plaintext()
              .asByteArray());
      assertEquals(key.keyId(), kms.describeKey(b -> b.keyId(id)).keyMetadata().keyId());
      assertEquals(key.arn(), encrypted.keyId(), "responses name the key by ARN, not alias");
    }
  }

  @Test
  void decrypt_shouldFailWithInvalidCiphertext_whenTheEncryptionContextDiffers() {
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(key.keyId()).plaintext(bytes("x")).encryptionContext(CONTEXT))
            .ciphertextBlob();

    assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertThrows(
        InvalidCiphertextException.class,
        () ->
            kms.decrypt(
                b ->
                    b.ciphertextBlob(blob)
                        .encryptionContext(
                            Map.of(
                                "account", "acct-2",
                                "kind", "results",
                                "object", "results/acct-1/abc.sarif"))));
    assertThrows(
        InvalidCiphertextException.class,
        () ->
            kms.decrypt(
                b -> b.ciphertextBlob(blob).encryptionContext(Map.of("account", "acct-1"))));
  }

  @Test
  void decrypt_shouldFailWithInvalidCiphertext_whenAnySingleBitOfTheBlobIsFlipped() {
    byte[] blob =
        kms.encrypt(b -> b.keyId(key.keyId()).plaintext(bytes("secret")).encryptionContext(CONTEXT))
            .ciphertextBlob()
            .asByteArray();

    for (int bit = 0; bit < blob.length * 8; bit++) {
      byte[] tampered = blob.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      int flipped = bit;
      assertThrows(
          InvalidCiphertextException.class,
          () ->
              kms.decrypt(
                  b ->
                      b.ciphertextBlob(SdkBytes.fromByteArray(tampered))
                          .encryptionContext(CONTEXT)),
          () -> "bit " + flipped + " of " + blob.length * 8);
    }
  }

  @Test
  void decrypt_shouldFailWithInvalidCiphertext_whenTheBlobIsTruncatedOrGarbage() {
    byte[] blob =
        kms.encrypt(b -> b.keyId(key.keyId()).plaintext(bytes("secret")))
            .ciphertextBlob()
            .asByteArray();

    for (int length = 1; length < blob.length; length++) {
      byte[] truncated = Arrays.copyOf(blob, length);
      int len = length;
      assertThrows(
          InvalidCiphertextException.class,
          () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(truncated))),
          () -> "length " + len);
    }
    assertThrows(
        InvalidCiphertextException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(bytes("not a kms ciphertext blob at all"))));
  }

  @Test
  void decrypt_shouldFailWithIncorrectKey_whenKeyIdNamesAnotherKey() {
    KeyMetadata other = createKey(kms, "other");
    SdkBytes blob = kms.encrypt(b -> b.keyId(key.keyId()).plaintext(bytes("x"))).ciphertextBlob();

    assertThrows(
        IncorrectKeyException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId(other.keyId())));
  }

  @Test
  void decrypt_shouldFailWithNotFound_whenKeyIdNamesNoKey() {
    SdkBytes blob = kms.encrypt(b -> b.keyId(key.keyId()).plaintext(bytes("x"))).ciphertextBlob();

    assertThrows(
        NotFoundException.class,
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId("alias/airlock/none")));
  }

  @Test
  void reEncrypt_shouldMoveCiphertextToTheDestinationKeyAndContext_whenSourceAuthenticates() {
    KeyMetadata destination = createKey(kms, "destination");
    SdkBytes blob =
        kms.encrypt(
                b -> b.keyId(key.keyId()).plaintext(bytes("move me")).encryptionContext(CONTEXT))
            .ciphertextBlob();

    ReEncryptResponse moved =
        kms.reEncrypt(
            b ->
                b.ciphertextBlob(blob)
                    .sourceEncryptionContext(CONTEXT)
                    .destinationKeyId(destination.keyId())
                    .destinationEncryptionContext(Map.of("kind", "backup")));

    assertEquals(key.arn(), moved.sourceKeyId());
    assertEquals(destination.arn(), moved.keyId());
    assertEquals(
        "move me",
        kms.decrypt(
                b ->
                    b.ciphertextBlob(moved.ciphertextBlob())
                        .encryptionContext(Map.of("kind", "backup")))
            .plaintext()
            .asUtf8String());
    assertThrows(
        InvalidCiphertextException.class,
        () -> kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(destination.keyId())));
  }

  @Test
  void encrypt_shouldBeRefused_whenPlaintextIsTooLargeOrAlgorithmIsAsymmetric() {
    KmsException tooLarge =
        assertThrows(
            KmsException.class,
            () ->
                kms.encrypt(
                    b -> b.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4097]))));

    assertEquals("ValidationException", tooLarge.awsErrorDetails().errorCode());
    assertThrows(
        InvalidKeyUsageException.class,
        () ->
            kms.encrypt(
                b ->
                    b.keyId(key.keyId())
                        .plaintext(bytes("x"))
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
  }

  @Test
  void encrypt_shouldAnswerDryRun_whenDryRunIsSet() {
    assertThrows(
        DryRunOperationException.class,
        () -> kms.encrypt(b -> b.keyId(key.keyId()).plaintext(bytes("x")).dryRun(true)));
  }

  @Test
  void generateRandom_shouldReturnTheRequestedNumberOfBytes_whenCalled() {
    var random = kms.generateRandom(b -> b.numberOfBytes(48));

    assertEquals(48, random.plaintext().asByteArray().length);
    assertNull(random.ciphertextForRecipient());
  }
}
