package dev.airlock.webhook.domain;

/**
 * Turns a verified payload of one code host into a {@link ParsedEvent}. Only called after the
 * signature verified, so the input is the host's; still, it never trusts the shape.
 */
public interface EventParser {

  /**
   * @param eventType the host's event header value ({@code X-GitHub-Event}, {@code X-Gitlab-Event},
   *     {@code X-Event-Key})
   * @param payload the body as parsed by {@link JsonCodec#read}
   * @throws PayloadException if the payload of a handled event type is malformed (answered 400)
   */
  ParsedEvent parse(String eventType, Object payload);
}
