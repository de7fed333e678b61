package dev.airlock.billing.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to answer Stripe: an HTTP status and a small JSON body {@code {"status": accepted|ignored|
 * rejected|deferred|error, "reason": <token>, "eventId": <evt_...>}} ({@code eventId} only once the
 * event is verified). Never a stack trace, secret, signature or payload fragment.
 *
 * <p>Statuses: 200 for every verified and understood event, whether applied or ignored (Stripe
 * stops retrying); 400 for a bad signature or an unreadable event; 413 for an oversized body; 503
 * when signing secrets are not configured or state is unavailable, or when a deletion on cancel is
 * deferred (Stripe retries later).
 */
public record BillingResponse(int httpStatus, String status, String reason, String eventId) {

  public BillingResponse {
    if (status == null || reason == null) {
      throw new IllegalArgumentException("status and reason are required");
    }
  }

  static BillingResponse accepted(String reason, String eventId) {
    return new BillingResponse(200, "accepted", reason, eventId);
  }

  static BillingResponse ignored(String reason, String eventId) {
    return new BillingResponse(200, "ignored", reason, eventId);
  }

  static BillingResponse rejected(int httpStatus, String reason, String eventId) {
    return new BillingResponse(httpStatus, "rejected", reason, eventId);
  }

  /**
   * 503 {@code deferred}: applied, but a decision waits (deletion on cancel); Stripe delivers the
   * event again later.
   */
  static BillingResponse deferred(String reason, String eventId) {
    return new BillingResponse(503, "deferred", reason, eventId);
  }

  static BillingResponse error(int httpStatus, String reason, String eventId) {
    return new BillingResponse(httpStatus, "error", reason, eventId);
  }

  /** The JSON body as a map (insertion-ordered). */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("reason", reason);
    if (eventId != null) {
      body.put("eventId", eventId);
    }
    return body;
  }
}
