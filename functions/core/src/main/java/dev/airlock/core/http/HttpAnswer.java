package dev.airlock.core.http;

/**
 * What an HTTP endpoint answers: a status code and a UTF-8 JSON body (the domain's own answer, or
 * {@link ErrorBodies} for one it never reached). The body array is the caller's: it is sent as it
 * is, never copied or changed.
 *
 * @param status the HTTP status code, 100 to 599
 * @param jsonBody the UTF-8 JSON body, never null
 */
public record HttpAnswer(int status, byte[] jsonBody) {
  public HttpAnswer {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    if (jsonBody == null) {
      throw new IllegalArgumentException("a JSON body is required");
    }
  }

  /** The answer to a request the domain never saw: {@link ErrorBodies#forStatus(int)}. */
  public static HttpAnswer error(int status) {
    return new HttpAnswer(status, ErrorBodies.forStatus(status));
  }
}
