package dev.airlock.emulators.kms;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local stand-in's self-describing ciphertext blob, sealed with AES-256-GCM.
 *
 * <pre>
 *   version (1 byte, 0x01) | key id length L (1 byte) | key id (L bytes, ASCII)
 *   | IV (12 random bytes) | ciphertext | GCM tag (16 bytes)
 * </pre>
 *
 * <p>The additional authenticated data is a domain label, the whole header (version and key id) and
 * the canonical encryption context (pairs sorted by key, each string length-prefixed), so a
 * different context, a different key or any changed bit fails authentication. Like KMS, the key id
 * travels in the blob so Decrypt needs no KeyId, and a multi-region key's replica (same id, same
 * material) can open its primary's ciphertext.
 */
final class CiphertextEnvelope {

  static final byte VERSION = 1;
  static final int IV_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  static final int KEY_LENGTH = 32;
  private static final byte[] DOMAIN =
      "airlock-local-kms/ciphertext/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern KEY_ID = Pattern.compile("^(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$");

  private CiphertextEnvelope() {}

  /** A blob split into its parts; not yet authenticated. */
  record Parsed(String keyId, byte[] header, byte[] iv, byte[] sealed) {}

  static byte[] seal(
      String keyId,
      byte[] material,
      Map<String, String> encryptionContext,
      byte[] plaintext,
      SecureRandom random) {
    byte[] header = header(keyId);
    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    byte[] sealed =
        crypt(Cipher.ENCRYPT_MODE, material, iv, aad(header, encryptionContext), plaintext);
    byte[] blob = new byte[header.length + IV_LENGTH + sealed.length];
    System.arraycopy(header, 0, blob, 0, header.length);
    System.arraycopy(iv, 0, blob, header.length, IV_LENGTH);
    System.arraycopy(sealed, 0, blob, header.length + IV_LENGTH, sealed.length);
    return blob;
  }

  /**
   * Splits a blob; checks only its shape.
   *
   * @throws KmsError {@code InvalidCiphertextException} if it is not a blob of this format
   */
  static Parsed parse(byte[] blob) {
    if (blob == null || blob.length < 2 || blob[0] != VERSION) {
      throw KmsError.invalidCiphertext();
    }
    int idLength = blob[1] & 0xff;
    int headerLength = 2 + idLength;
    if (idLength == 0 || blob.length < headerLength + IV_LENGTH + TAG_LENGTH) {
      throw KmsError.invalidCiphertext();
    }
    String keyId = new String(blob, 2, idLength, StandardCharsets.US_ASCII);
    if (!KEY_ID.matcher(keyId).matches()) {
      throw KmsError.invalidCiphertext();
    }
    return new Parsed(
        keyId,
        Arrays.copyOfRange(blob, 0, headerLength),
        Arrays.copyOfRange(blob, headerLength, headerLength + IV_LENGTH),
        Arrays.copyOfRange(blob, headerLength + IV_LENGTH, blob.length));
  }

  /**
   * Authenticates and decrypts.
   *
   * @throws KmsError {@code InvalidCiphertextException} if the tag does not verify under this
   *     material and context
   */
  static byte[] open(Parsed parsed, byte[] material, Map<String, String> encryptionContext) {
    return crypt(
        Cipher.DECRYPT_MODE,
        material,
        parsed.iv(),
        aad(parsed.header(), encryptionContext),
        parsed.sealed());
  }

  static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    if (id.length == 0 || id.length > 255) {
      throw new IllegalArgumentException("key id length out of range");
    }
    byte[] header = new byte[2 + id.length];
    header[0] = VERSION;
    header[1] = (byte) id.length;
    System.arraycopy(id, 0, header, 2, id.length);
    return header;
  }

  /** Canonical bytes of an encryption context: sorted, every string length-prefixed. */
  static byte[] canonicalContext(Map<String, String> encryptionContext) {
    Map<String, String> sorted = new TreeMap<>(encryptionContext);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(sorted.size());
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] aad(byte[] header, Map<String, String> encryptionContext) {
    byte[] context = canonicalContext(encryptionContext);
    byte[] aad = new byte[DOMAIN.length + header.length + context.length];
    System.arraycopy(DOMAIN, 0, aad, 0, DOMAIN.length);
    System.arraycopy(header, 0, aad, DOMAIN.length, header.length);
    System.arraycopy(context, 0, aad, DOMAIN.length + header.length, context.length);
    return aad;
  }

  private static byte[] crypt(int mode, byte[] material, byte[] iv, byte[] aad, byte[] input) {
    if (material.length != KEY_LENGTH) {
      throw new IllegalStateException("key material must be 256 bits");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          mode, new SecretKeySpec(material, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw KmsError.invalidCiphertext();
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every JDK; reaching this is a broken runtime, not bad input.
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }
}
