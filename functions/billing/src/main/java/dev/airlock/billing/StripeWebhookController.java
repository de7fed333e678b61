package dev.airlock.billing;

import dev.airlock.billing.domain.BillingResponse;
import dev.airlock.billing.domain.BillingService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code POST /webhooks/stripe}. Translates HTTP to the domain and back, nothing more: the raw body
 * bytes (Stripe signs bytes, so the body is never parsed or re-encoded here) and every value of
 * {@code Stripe-Signature} go to {@link BillingService}; its answer becomes the status and a small
 * JSON body. Any content type is accepted so that the domain, not the framework, decides.
 */
@Controller("/webhooks")
public class StripeWebhookController {
  static final String SIGNATURE_HEADER = "Stripe-Signature";

  private final BillingService service;
  private final JsonMapper json;

  public StripeWebhookController(BillingService service, JsonMapper json) {
    this.service = service;
    this.json = json;
  }

  @Post(uri = "/stripe", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> stripe(HttpRequest<?> request, @Nullable @Body byte[] body) {
    List<String> signatures = request.getHeaders().getAll(SIGNATURE_HEADER);
    BillingResponse answer = service.handle(signatures, body);
    try {
      return HttpResponse.<byte[]>status(HttpStatus.valueOf(answer.httpStatus()))
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(json.writeValueAsBytes(answer.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
