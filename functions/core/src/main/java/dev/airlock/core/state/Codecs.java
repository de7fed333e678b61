package dev.airlock.core.state;

import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.json.Json;
import java.util.Map;

/** Ready-made {@link Codec}s. */
public final class Codecs {
  private Codecs() {}

  /**
   * Plain JSON via {@link Json}; decoding fails with {@link
   * dev.airlock.core.json.MalformedJsonException}.
   */
  public static <T> Codec<T> json(Class<T> type) {
    return new Codec<>() {
      @Override
      public byte[] encode(T value) {
        return Json.write(value);
      }

      @Override
      public T decode(byte[] bytes) {
        return Json.read(bytes, type);
      }
    };
  }

  /**
   * JSON sealed in an envelope (see {@link EnvelopeCipher}) under {@code keyId}, bound to {@code
   * context} (which should name the account, the kind of document and the object key, so an
   * envelope cannot be moved to another object). Stores the envelope marker as metadata. Decoding
   * throws {@link dev.airlock.core.crypto.InvalidCiphertextException} or {@link
   * dev.airlock.core.crypto.KeyUnavailableException} as the cipher does.
   */
  public static <T> Codec<T> encryptedJson(
      Class<T> type, EnvelopeCipher cipher, String keyId, Map<String, String> context) {
    Map<String, String> ctx = Map.copyOf(context);
    return new Codec<>() {
      @Override
      public byte[] encode(T value) {
        return cipher.encrypt(keyId, ctx, Json.write(value));
      }

      @Override
      public T decode(byte[] bytes) {
        return Json.read(cipher.decrypt(bytes, ctx), type);
      }

      @Override
      public Map<String, String> metadata() {
        return EnvelopeCipher.METADATA;
      }
    };
  }
}
