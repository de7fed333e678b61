package dev.airlock.aws.kms;

import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.crypto.KeyUnavailableException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * {@link DataKeyProvider} on AWS KMS ({@code GenerateDataKey} with {@code AES_256}, {@code
 * Decrypt}), always with the encryption context, so a wrapped key only unwraps for the context it
 * was made for.
 *
 * <p>Error mapping: {@code DisabledException}, {@code KMSInvalidStateException} (pending deletion)
 * and {@code NotFoundException} become {@link KeyUnavailableException} with the KMS error code as
 * reason — the crypto-shredded state; {@code InvalidCiphertextException} and {@code
 * IncorrectKeyException} become the core {@link InvalidCiphertextException}; anything else
 * (throttling, access denied, network) becomes {@link KeyServiceException}.
 *
 * <p>Pinned unwrap ({@link #unwrap(String, byte[], Map)}) sends {@code KeyId}. For a multi-region
 * key ({@code mrk-} id) whose ARN names another region, the ARN is rewritten to this client's
 * region: the replica there has the same key material and id, which is how the replica region
 * restores what the primary encrypted.
 */
public final class KmsDataKeyProvider implements DataKeyProvider {

  private static final Pattern MRK_ARN =
      Pattern.compile("arn:(aws[a-z\\-]*):kms:([a-z0-9\\-]+):([0-9]{12}):key/(mrk-[0-9a-f]+)");

  private final Supplier<KmsClient> kms;

  public KmsDataKeyProvider(KmsClient kms) {
    this(present(kms));
  }

  private KmsDataKeyProvider(Supplier<KmsClient> kms) {
    this.kms = kms;
  }

  /**
   * The provider on a client built on its first call ({@link
   * dev.airlock.aws.config.AwsClients#lazy}): a function whose invocation never calls KMS does not
   * build the client at init.
   */
  public static KmsDataKeyProvider lazy(Supplier<KmsClient> kms) {
    if (kms == null) {
      throw new IllegalArgumentException("a KMS client is required");
    }
    return new KmsDataKeyProvider(kms);
  }

  private static Supplier<KmsClient> present(KmsClient kms) {
    if (kms == null) {
      throw new IllegalArgumentException("a KMS client is required");
    }
    return () -> kms;
  }

  @Override
  public DataKey generate(String keyId, Map<String, String> encryptionContext) {
    try {
      GenerateDataKeyResponse r =
          kms.get()
              .generateDataKey(
                  b ->
                      b.keyId(keyId)
                          .keySpec(DataKeySpec.AES_256)
                          .encryptionContext(encryptionContext));
      return new DataKey(plaintext(r.plaintext()), r.ciphertextBlob().asByteArray(), r.keyId());
    } catch (SdkException e) {
      throw map(e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrappedKey, Map<String, String> encryptionContext) {
    return decrypt(
        DecryptRequest.builder()
            .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey))
            .encryptionContext(encryptionContext)
            .build());
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrappedKey, Map<String, String> encryptionContext) {
    return decrypt(
        DecryptRequest.builder()
            .keyId(localize(keyId))
            .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey))
            .encryptionContext(encryptionContext)
            .build());
  }

  private byte[] decrypt(DecryptRequest request) {
    try {
      DecryptResponse r = kms.get().decrypt(request);
      return plaintext(r.plaintext());
    } catch (SdkException e) {
      throw map(e);
    }
  }

  /**
   * The response's own buffer where possible, so zeroing the returned array also clears the copy
   * the SDK holds.
   */
  private static byte[] plaintext(SdkBytes bytes) {
    if (bytes == null) {
      throw new KeyServiceException("NoPlaintext", "KMS returned no plaintext key", null);
    }
    return bytes.asByteArrayUnsafe();
  }

  /** A multi-region key ARN from another region, re-pointed at this client's region. */
  String localize(String keyId) {
    if (keyId == null) {
      return null;
    }
    Matcher m = MRK_ARN.matcher(keyId);
    Region here = kms.get().serviceClientConfiguration().region();
    if (!m.matches() || here == null || here.id().equals(m.group(2))) {
      return keyId;
    }
    return "arn:" + m.group(1) + ":kms:" + here.id() + ":" + m.group(3) + ":key/" + m.group(4);
  }

  private static RuntimeException map(SdkException e) {
    if (e instanceof DisabledException
        || e instanceof KmsInvalidStateException
        || e instanceof NotFoundException) {
      String code = code(e);
      return new KeyUnavailableException(code, "KMS key is unavailable: " + code);
    }
    if (e instanceof software.amazon.awssdk.services.kms.model.InvalidCiphertextException
        || e instanceof IncorrectKeyException) {
      return new InvalidCiphertextException("KMS refused the wrapped key: " + code(e));
    }
    return new KeyServiceException(code(e), "KMS request failed: " + code(e), e);
  }

  private static String code(SdkException e) {
    if (e instanceof AwsServiceException se
        && se.awsErrorDetails() != null
        && se.awsErrorDetails().errorCode() != null) {
      return se.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
