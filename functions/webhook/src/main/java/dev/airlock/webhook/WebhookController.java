package dev.airlock.webhook;

import dev.airlock.core.message.Provider;
import dev.airlock.webhook.domain.Headers;
import dev.airlock.webhook.domain.JsonCodec;
import dev.airlock.webhook.domain.WebhookResponse;
import dev.airlock.webhook.domain.WebhookService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three code-host routes. Translates HTTP to the domain and back, nothing more: the raw body
 * bytes (never a parsed or re-encoded body, because signatures are over bytes) and every header
 * value go to {@link WebhookService}; its answer becomes the status and a small JSON body.
 *
 * <p>Routes accept any content type so that the domain decides (415 with a JSON body and an audit
 * record) rather than the framework.
 */
@Controller("/webhooks")
public class WebhookController {
  private final WebhookService service;
  private final JsonCodec json;

  public WebhookController(WebhookService service, JsonCodec json) {
    this.service = service;
    this.json = json;
  }

  @Post(uri = "/github", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> github(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return handle(Provider.GITHUB, request, body);
  }

  @Post(uri = "/gitlab", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> gitlab(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return handle(Provider.GITLAB, request, body);
  }

  @Post(uri = "/bitbucket", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> bitbucket(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return handle(Provider.BITBUCKET, request, body);
  }

  private HttpResponse<byte[]> handle(Provider provider, HttpRequest<?> request, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.getHeaders().names()) {
      headers.put(name, request.getHeaders().getAll(name));
    }
    WebhookResponse answer = service.handle(provider, Headers.of(headers), body);
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(answer.httpStatus()))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(json.write(answer.body()));
  }
}
