package dev.airlock.emulators.codehost;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP request as the local code host recorded it. Carries no header, query string or body, so
 * no credential: the path is redacted of anything shaped like a token or a JWT before it gets here.
 *
 * @param time when the response was completed (the host's clock)
 * @param method HTTP method
 * @param path request path, redacted, without the query string
 * @param status HTTP status sent
 * @param principal who the request authenticated as: {@code installation:<id>}, {@code app:<id>} or
 *     {@code anonymous}
 */
public record RequestLogEntry(
    Instant time, String method, String path, int status, String principal) {

  public RequestLogEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(principal, "principal");
  }

  /** The line written to the request log sink. */
  public String toLogLine() {
    return "codehost " + time + " " + method + " " + path + " " + status + " " + principal;
  }
}
