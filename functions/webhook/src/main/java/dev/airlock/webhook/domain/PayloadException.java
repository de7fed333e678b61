package dev.airlock.webhook.domain;

/**
 * A verified payload does not have the shape its event type promises (a field missing, of the wrong
 * type, or refused by the job contract's validation). Answered 400; the message names the field,
 * never its value.
 */
public class PayloadException extends RuntimeException {
  public PayloadException(String message) {
    super(message);
  }
}
