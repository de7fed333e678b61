package dev.airlock.billing.domain;

/**
 * A verified body is not an event this function can read: not JSON, or a required field is missing
 * or has an unexpected shape or value. {@link #reason()} is a short safe token naming the field
 * ({@code invalid-field:data.object.status}), never its value.
 */
public class MalformedEventException extends RuntimeException {
  private final String reason;

  public MalformedEventException(String reason) {
    super(reason);
    this.reason = reason;
  }

  /** The answer's reason. */
  public String reason() {
    return reason;
  }
}
