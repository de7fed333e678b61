package dev.airlock.billing;

import dev.airlock.billing.domain.BillingResponse;
import dev.airlock.billing.domain.BillingService;
import dev.airlock.core.http.HttpAnswer;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /webhooks/stripe} ({@link BillingWebhookFunction} routes to it). Translates HTTP to
 * the domain and back, nothing more: the raw body bytes (Stripe signs bytes, so the body is never
 * parsed or re-encoded here) and every value of {@code Stripe-Signature}, whatever the case of its
 * name, go to {@link BillingService}; its answer becomes the status and a small JSON body. Any
 * content type reaches the domain, which decides.
 */
@Singleton
public class StripeWebhookController {
  static final String SIGNATURE_HEADER = "Stripe-Signature";

  private final BillingService service;
  private final JsonMapper json;

  public StripeWebhookController(BillingService service, JsonMapper json) {
    this.service = service;
    this.json = json;
  }

  /**
   * One Stripe delivery.
   *
   * @param headers every header as received, any case
   * @param body the raw body, or null when there is none
   */
  public HttpAnswer stripe(Map<String, List<String>> headers, byte[] body) {
    List<String> signatures = new ArrayList<>();
    headers.forEach(
        (name, values) -> {
          if (SIGNATURE_HEADER.equalsIgnoreCase(name)) {
            signatures.addAll(values);
          }
        });
    BillingResponse answer = service.handle(signatures, body);
    try {
      return new HttpAnswer(answer.httpStatus(), json.writeValueAsBytes(answer.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
