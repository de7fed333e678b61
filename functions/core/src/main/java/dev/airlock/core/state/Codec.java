package dev.airlock.core.state;

import java.util.Map;

/**
 * Turns a document into stored bytes and back, with the object metadata that describes the bytes.
 * See {@link Codecs} for JSON and envelope-encrypted JSON.
 *
 * @param <T> the document type
 */
public interface Codec<T> {

  /** Encodes a document for storage. */
  byte[] encode(T value);

  /**
   * Decodes stored bytes.
   *
   * @throws IllegalArgumentException (or a subtype) if the bytes are not a valid document
   */
  T decode(byte[] bytes);

  /** Object metadata to store beside the encoded bytes (e.g. the envelope marker). */
  default Map<String, String> metadata() {
    return Map.of();
  }
}
