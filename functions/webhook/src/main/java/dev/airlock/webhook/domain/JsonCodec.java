package dev.airlock.webhook.domain;

/**
 * Port: JSON to and from plain Java values, so the domain needs no JSON library. Values are {@code
 * Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Boolean},
 * {@code Long}, {@code BigInteger}, {@code Double}/{@code BigDecimal}, or {@code null}.
 */
public interface JsonCodec {

  /**
   * Parses one JSON document.
   *
   * @throws MalformedJsonException for anything that is not exactly one well-formed JSON value
   *     (including empty input, invalid UTF-8 and nesting beyond the parser's limit); never any
   *     other exception
   */
  Object read(byte[] json);

  /**
   * Serialises plain values (as above) to UTF-8 JSON.
   *
   * @throws IllegalArgumentException if {@code value} holds anything but plain values
   */
  byte[] write(Object value);

  /** The bytes are not well-formed JSON. The message never quotes the input. */
  final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String message) {
      super(message);
    }
  }
}
