package dev.airlock.core.http;

import java.nio.charset.StandardCharsets;

/**
 * The body of every HTTP error an Airlock endpoint answers without reaching its domain (no route,
 * wrong method, unreadable request, an unexpected exception): {@code
 * {"status":"rejected"|"error","reason":"<from the status code>"}}, the same shape as the domain's
 * own answers. Everything in it derives from the status code alone, so no exception message, stack
 * trace or request fragment can reach a client.
 */
public final class ErrorBodies {
  private ErrorBodies() {}

  /**
   * The UTF-8 JSON body for an HTTP status.
   *
   * @param code the HTTP status code of the response
   * @return {@code status} "error" for 5xx and "rejected" otherwise, with {@link #reason(int)}
   */
  public static byte[] forStatus(int code) {
    String status = code >= 500 ? "error" : "rejected";
    return ("{\"status\":\"" + status + "\",\"reason\":\"" + reason(code) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A fixed, lower-case reason for an HTTP status: "client-error" or "internal-error" for codes
   * without their own.
   *
   * @param code the HTTP status code
   * @return the reason, never derived from anything but {@code code}
   */
  public static String reason(int code) {
    return switch (code) {
      case 400 -> "bad-request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 413 -> "body-too-large";
      case 415 -> "unsupported-content-type";
      case 503 -> "unavailable";
      default -> code >= 500 ? "internal-error" : "client-error";
    };
  }
}
