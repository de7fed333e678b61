package dev.airlock.webhook;

import dev.airlock.core.http.HttpAnswer;
import dev.airlock.core.message.Provider;
import dev.airlock.webhook.domain.Headers;
import dev.airlock.webhook.domain.JsonCodec;
import dev.airlock.webhook.domain.WebhookResponse;
import dev.airlock.webhook.domain.WebhookService;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The three code-host endpoints ({@code POST /webhooks/github}, {@code /gitlab}, {@code
 * /bitbucket}; {@link WebhookFunction} routes to them). Translates HTTP to the domain and back,
 * nothing more: the raw body bytes (never a parsed or re-encoded body, because signatures are over
 * bytes) and every header value go to {@link WebhookService}; its answer becomes the status and a
 * small JSON body.
 *
 * <p>Any content type reaches the domain, which decides (415 with a JSON body and an audit record)
 * rather than a framework.
 */
@Singleton
public class WebhookController {
  private final WebhookService service;
  private final JsonCodec json;

  public WebhookController(WebhookService service, JsonCodec json) {
    this.service = service;
    this.json = json;
  }

  /**
   * One delivery from {@code provider}.
   *
   * @param headers every header as received, any case
   * @param body the raw body, or null when there is none
   */
  public HttpAnswer handle(Provider provider, Map<String, List<String>> headers, byte[] body) {
    WebhookResponse answer = service.handle(provider, Headers.of(headers), body);
    return new HttpAnswer(answer.httpStatus(), json.write(answer.body()));
  }
}
