package dev.airlock.webhook.domain;

import java.util.List;

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

  /**
   * The payload paths {@link #parse} reads for {@code eventType} (see {@link JsonCodec#read(byte[],
   * List)}), or null when it needs the whole payload. {@code parse} must give the same answer for
   * the payload read with these paths as for the whole payload.
   */
  default List<String> paths(String eventType) {
    return null;
  }
}
