package dev.airlock.webhook.domain;

import java.util.List;

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
   * Parses one JSON document like {@link #read(byte[])}, but builds only the values at {@code
   * paths} (dotted member names from the root object, e.g. {@code "repository.owner.login"}) and
   * what is beneath them; the rest is checked and skipped, not built. For every path, looking it up
   * in the result gives what looking it up in {@code read(json)} gives; where a path meets an array
   * or a scalar before its end, that value is kept whole. A webhook payload is tens of kilobytes of
   * which a parser reads a dozen values: building the rest was most of the parse.
   *
   * @throws MalformedJsonException exactly when {@link #read(byte[])} would
   */
  Object read(byte[] json, List<String> paths);

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
