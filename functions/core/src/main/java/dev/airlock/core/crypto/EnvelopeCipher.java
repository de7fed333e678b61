package dev.airlock.core.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption: every call gets a fresh AES-256 data key from the {@link DataKeyProvider}
 * (KMS), encrypts with AES-256-GCM under a random 96-bit IV, and stores the wrapped key beside the
 * ciphertext. A fresh key per envelope means an IV is never reused with a key.
 *
 * <p>Envelope format (all integers big-endian, lengths unsigned 16-bit):
 *
 * <pre>
 * magic "ALKE" | format version (1 byte, = 1)
 * | key id length | key id (UTF-8)                       -- master key that wrapped the data key
 * | wrapped key length | wrapped data key
 * | context entry count | (key length | key | value length | value)*  -- sorted by key, UTF-8
 * | IV (12 bytes)
 * | AES-256-GCM ciphertext || 16-byte tag
 * </pre>
 *
 * The whole header (magic through IV) is the GCM additional authenticated data, so changing any
 * header byte (key id, wrapped key, context, IV) fails authentication. The context is also bound to
 * the wrapped key by the provider (KMS encryption context). Decryption needs nothing but the
 * provider and the context the caller expects: a stored context that differs from the expected one
 * is refused before any key is unwrapped, so an envelope cannot be replayed under another object
 * key, account or kind.
 *
 * <p>Failures: {@link InvalidCiphertextException} for anything malformed, tampered, truncated or
 * mismatched; {@link KeyUnavailableException} (from the provider) when the master key is disabled
 * or deleted, i.e. the data is crypto-shredded. Header lengths are bounded before allocation so a
 * hostile blob cannot make the parser allocate more than a few kilobytes.
 */
public final class EnvelopeCipher {

  /** Object metadata key that marks a stored value as an envelope (see {@link #METADATA}). */
  public static final String METADATA_KEY = "airlock-enc";

  /** Metadata value for this format. */
  public static final String METADATA_VALUE = "envelope-v1";

  /** Metadata to store beside an envelope so guards and readers know it is ciphertext. */
  public static final Map<String, String> METADATA = Map.of(METADATA_KEY, METADATA_VALUE);

  static final byte[] MAGIC = {'A', 'L', 'K', 'E'};
  static final int FORMAT_VERSION = 1;
  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int TAG_BYTES = TAG_BITS / 8;
  static final int DATA_KEY_BYTES = 32;

  /** KMS key ARNs and alias ARNs stay well below this. */
  static final int MAX_KEY_ID_BYTES = 2048;

  /** A KMS ciphertext blob for a 256-bit key is ~184 bytes; multi-region keys add little. */
  static final int MAX_WRAPPED_KEY_BYTES = 4096;

  static final int MAX_CONTEXT_ENTRIES = 32;
  static final int MAX_CONTEXT_STRING_BYTES = 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataKeyProvider keys;

  public EnvelopeCipher(DataKeyProvider keys) {
    if (keys == null) {
      throw new IllegalArgumentException("a data key provider is required");
    }
    this.keys = keys;
  }

  /**
   * Encrypts {@code plaintext} under a fresh data key from {@code keyId}, bound to {@code context}.
   *
   * @param keyId master key id, ARN or alias
   * @param context encryption context (non-null; at most 32 entries of at most 1 KiB each); the
   *     same map must be given to {@link #decrypt}
   * @return the self-describing envelope
   * @throws KeyUnavailableException if the master key cannot be used
   * @throws IllegalArgumentException if the key id or context is missing or too large
   */
  public byte[] encrypt(String keyId, Map<String, String> context, byte[] plaintext) {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("key id is required");
    }
    if (plaintext == null) {
      throw new IllegalArgumentException("plaintext is required");
    }
    Map<String, String> ctx = canonical(context);
    DataKeyProvider.DataKey dataKey = keys.generate(keyId, ctx);
    byte[] key = dataKey.plaintext();
    try {
      if (key == null || key.length != DATA_KEY_BYTES) {
        throw new IllegalStateException("data key provider returned a key of the wrong size");
      }
      String wrappingKeyId =
          dataKey.keyId() == null || dataKey.keyId().isBlank() ? keyId : dataKey.keyId();
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      byte[] header = header(wrappingKeyId, dataKey.wrapped(), ctx, iv);
      Cipher cipher = gcm(Cipher.ENCRYPT_MODE, key, iv);
      cipher.updateAAD(header);
      byte[] out = new byte[header.length + cipher.getOutputSize(plaintext.length)];
      System.arraycopy(header, 0, out, 0, header.length);
      int written = cipher.doFinal(plaintext, 0, plaintext.length, out, header.length);
      if (header.length + written != out.length) {
        return Arrays.copyOf(out, header.length + written);
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    } finally {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /**
   * Decrypts an envelope made by {@link #encrypt}. The master key is the one the wrapped data key
   * names (KMS reads it from the ciphertext blob); the header's key id is authenticated, not
   * trusted, so tampering with it is reported as {@link InvalidCiphertextException}.
   *
   * @param expectedContext the context the caller expects; must equal the stored one exactly
   * @throws InvalidCiphertextException if the envelope is malformed, truncated, tampered with, was
   *     bound to another context, or its wrapped key does not authenticate
   * @throws KeyUnavailableException if the master key is disabled, pending deletion or missing
   */
  public byte[] decrypt(byte[] envelope, Map<String, String> expectedContext) {
    Map<String, String> expected = expectedContext(expectedContext);
    Header h = Header.parse(envelope);
    requireContext(h, expected);
    return open(envelope, h, keys.unwrap(h.wrappedKey(), h.context()));
  }

  /**
   * Like {@link #decrypt(byte[], Map)}, and also pins the master key: the header must name {@code
   * expectedKeyId} (as returned when it was encrypted, e.g. the key ARN) and the provider is asked
   * to unwrap with that key only.
   *
   * @throws InvalidCiphertextException also if another master key encrypted the envelope
   * @throws KeyUnavailableException if the master key is disabled, pending deletion or missing
   */
  public byte[] decrypt(
      byte[] envelope, String expectedKeyId, Map<String, String> expectedContext) {
    if (expectedKeyId == null || expectedKeyId.isBlank()) {
      throw new IllegalArgumentException("expected key id is required");
    }
    Map<String, String> expected = expectedContext(expectedContext);
    Header h = Header.parse(envelope);
    requireContext(h, expected);
    if (!h.keyId().equals(expectedKeyId)) {
      throw new InvalidCiphertextException("envelope was encrypted under another key");
    }
    return open(envelope, h, keys.unwrap(h.keyId(), h.wrappedKey(), h.context()));
  }

  private static Map<String, String> expectedContext(Map<String, String> context) {
    try {
      return canonical(context);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected context is invalid");
    }
  }

  private static void requireContext(Header h, Map<String, String> expected) {
    if (!h.context().equals(expected)) {
      throw new InvalidCiphertextException("envelope was encrypted for another context");
    }
  }

  private static byte[] open(byte[] envelope, Header h, byte[] key) {
    try {
      if (key == null || key.length != DATA_KEY_BYTES) {
        throw new InvalidCiphertextException("unwrapped data key has the wrong size");
      }
      Cipher cipher = gcm(Cipher.DECRYPT_MODE, key, h.iv());
      cipher.updateAAD(envelope, 0, h.length());
      return cipher.doFinal(envelope, h.length(), envelope.length - h.length());
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException("envelope failed authentication");
    } catch (GeneralSecurityException e) {
      throw new InvalidCiphertextException("envelope could not be decrypted");
    } finally {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /**
   * The master key id recorded in an envelope's header (for manifests and diagnostics); does not
   * authenticate anything.
   *
   * @throws InvalidCiphertextException if the header is malformed
   */
  public static String keyIdOf(byte[] envelope) {
    return Header.parse(envelope).keyId();
  }

  /**
   * The encryption context recorded in an envelope's header; unauthenticated until decrypted.
   *
   * @throws InvalidCiphertextException if the header is malformed
   */
  public static Map<String, String> contextOf(byte[] envelope) {
    return Header.parse(envelope).context();
  }

  /** Whether {@code bytes} start with this format's magic and version (a cheap label check). */
  public static boolean looksLikeEnvelope(byte[] bytes) {
    if (bytes == null || bytes.length < MAGIC.length + 1) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        return false;
      }
    }
    return (bytes[MAGIC.length] & 0xff) == FORMAT_VERSION;
  }

  private static Cipher gcm(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    return cipher;
  }

  private static Map<String, String> canonical(Map<String, String> context) {
    if (context == null) {
      throw new IllegalArgumentException("encryption context is required");
    }
    if (context.size() > MAX_CONTEXT_ENTRIES) {
      throw new IllegalArgumentException("encryption context has too many entries");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("encryption context has a null entry");
      }
      if (utf8(e.getKey()).length > MAX_CONTEXT_STRING_BYTES
          || utf8(e.getValue()).length > MAX_CONTEXT_STRING_BYTES) {
        throw new IllegalArgumentException("encryption context entry is too long");
      }
      sorted.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(sorted);
  }

  private static byte[] header(
      String keyId, byte[] wrapped, Map<String, String> context, byte[] iv) {
    byte[] keyIdBytes = utf8(keyId);
    if (keyIdBytes.length > MAX_KEY_ID_BYTES) {
      throw new IllegalArgumentException("key id is too long");
    }
    if (wrapped == null || wrapped.length == 0 || wrapped.length > MAX_WRAPPED_KEY_BYTES) {
      throw new IllegalStateException("data key provider returned an unusable wrapped key");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + wrapped.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(FORMAT_VERSION);
      writeBlock(out, keyIdBytes);
      writeBlock(out, wrapped);
      out.writeShort(context.size());
      for (Map.Entry<String, String> e : context.entrySet()) {
        writeBlock(out, utf8(e.getKey()));
        writeBlock(out, utf8(e.getValue()));
      }
      out.write(iv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeShort(block.length);
    out.write(block);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A parsed, bounds-checked header; {@code length} is where the ciphertext starts. */
  private record Header(
      String keyId, byte[] wrappedKey, Map<String, String> context, byte[] iv, int length) {

    static Header parse(byte[] envelope) {
      if (envelope == null || !looksLikeEnvelope(envelope)) {
        throw new InvalidCiphertextException("not an Airlock envelope");
      }
      try {
        ByteBuffer in = ByteBuffer.wrap(envelope);
        in.position(MAGIC.length + 1);
        String keyId = text(block(in, 1, MAX_KEY_ID_BYTES));
        byte[] wrapped = block(in, 1, MAX_WRAPPED_KEY_BYTES);
        int entries = Short.toUnsignedInt(in.getShort());
        if (entries > MAX_CONTEXT_ENTRIES) {
          throw new InvalidCiphertextException("envelope header is malformed");
        }
        TreeMap<String, String> context = new TreeMap<>();
        String previous = null;
        for (int i = 0; i < entries; i++) {
          String k = text(block(in, 0, MAX_CONTEXT_STRING_BYTES));
          String v = text(block(in, 0, MAX_CONTEXT_STRING_BYTES));
          // Canonical order only: one envelope has exactly one valid header encoding.
          if (previous != null && previous.compareTo(k) >= 0) {
            throw new InvalidCiphertextException("envelope header is malformed");
          }
          previous = k;
          context.put(k, v);
        }
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        if (in.remaining() < TAG_BYTES) {
          throw new InvalidCiphertextException("envelope is truncated");
        }
        return new Header(keyId, wrapped, Collections.unmodifiableMap(context), iv, in.position());
      } catch (BufferUnderflowException e) {
        throw new InvalidCiphertextException("envelope is truncated");
      }
    }

    private static byte[] block(ByteBuffer in, int min, int max) {
      int len = Short.toUnsignedInt(in.getShort());
      if (len < min || len > max || len > in.remaining()) {
        throw new InvalidCiphertextException("envelope header is malformed");
      }
      byte[] b = new byte[len];
      in.get(b);
      return b;
    }

    private static String text(byte[] b) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw new InvalidCiphertextException("envelope header is malformed");
      }
    }
  }
}
