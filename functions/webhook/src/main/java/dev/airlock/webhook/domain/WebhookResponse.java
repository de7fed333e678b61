package dev.airlock.webhook.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to answer the code host: an HTTP status and a small JSON body of plain values ({@code
 * status}, and {@code reason} or {@code jobId}). Never a stack trace, secret, signature or payload
 * fragment.
 */
public record WebhookResponse(int httpStatus, Map<String, Object> body) {

  public WebhookResponse {
    body = Map.copyOf(body);
  }

  static WebhookResponse accepted(String jobId) {
    return of(202, "accepted", null, jobId);
  }

  static WebhookResponse processed(String reason) {
    return of(200, "accepted", reason, null);
  }

  static WebhookResponse ignored(String reason) {
    return of(200, "ignored", reason, null);
  }

  static WebhookResponse rejected(int httpStatus, String reason) {
    return of(httpStatus, "rejected", reason, null);
  }

  private static WebhookResponse of(int httpStatus, String status, String reason, String jobId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    if (reason != null) {
      body.put("reason", reason);
    }
    if (jobId != null) {
      body.put("jobId", jobId);
    }
    return new WebhookResponse(httpStatus, body);
  }

  /** The {@code status} field: accepted, ignored or rejected. */
  public String status() {
    return (String) body.get("status");
  }

  /** The {@code reason} field, or null. */
  public String reason() {
    return (String) body.get("reason");
  }

  /** The {@code jobId} field, or null. */
  public String jobId() {
    return (String) body.get("jobId");
  }
}
