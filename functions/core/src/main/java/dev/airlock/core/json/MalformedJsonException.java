package dev.airlock.core.json;

/**
 * JSON that cannot become the requested type: a syntax error, a wrong type, a missing field or a
 * value the record's own validation refused. The message names the type and, when a domain record
 * refused a field, that field's rule; it never echoes the input, because the input may be hostile
 * or carry a secret. No cause is attached for the same reason (parser messages quote input).
 */
public class MalformedJsonException extends IllegalArgumentException {

  public MalformedJsonException(String message) {
    super(message);
  }
}
