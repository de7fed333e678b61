package dev.airlock.analyze.port;

/**
 * JSON to and from plain Java values, so the domain needs no JSON library. Values are {@code
 * Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Boolean},
 * {@code Long}/{@code BigInteger}, {@code Double}/{@code BigDecimal}, or {@code null}.
 */
public interface JsonCodec {

  /**
   * Parses one JSON document.
   *
   * @throws IllegalArgumentException for anything but one well-formed JSON value (including nesting
   *     beyond the parser's limit); the message never quotes the input
   */
  Object read(byte[] json);

  /**
   * Serialises plain values to UTF-8 JSON.
   *
   * @throws IllegalArgumentException if {@code value} holds anything but plain values
   */
  byte[] write(Object value);
}
