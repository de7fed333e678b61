package dev.airlock.core.http;

import java.util.Map;

/**
 * Checks an API Gateway proxy request the way API Gateway itself would before it reaches the
 * framework, for requests that come some other way (a direct invoke, the local stand-in): without
 * them a header value with leading white space or a control character, or a body flagged as base64
 * that is not, makes Micronaut's proxy answer a bare 500. With them the function answers 400 and
 * nothing downstream runs.
 */
public final class ProxyRequests {
  private ProxyRequests() {}

  /**
   * Trims optional white space (spaces and tabs, RFC 9110 §5.5) around every header value, in
   * place, and checks that no header name or value holds a control character.
   *
   * @param headers the request's headers (may be null: nothing to check)
   * @return false if a name or value holds a control character (including CR, LF and NUL): the
   *     request must be refused
   */
  public static boolean normalizeHeaders(Map<String, String> headers) {
    if (headers == null) {
      return true;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey() == null || hasControl(h.getKey())) {
        return false;
      }
      String value = h.getValue();
      if (value == null) {
        continue;
      }
      String trimmed = trimOws(value);
      if (hasControl(trimmed)) {
        return false;
      }
      if (trimmed.length() != value.length()) {
        h.setValue(trimmed);
      }
    }
    return true;
  }

  /**
   * Whether {@code text} is what {@link java.util.Base64#getDecoder()} accepts (the basic alphabet,
   * optional {@code =} padding only at the end), checked without decoding or copying it.
   *
   * @param text the body as received (null or empty is valid: no bytes)
   */
  public static boolean isBase64(String text) {
    if (text == null) {
      return true;
    }
    int n = text.length();
    int data = n;
    if (n > 0 && text.charAt(n - 1) == '=') {
      data = n - 1;
      if (n > 1 && text.charAt(n - 2) == '=') {
        data = n - 2;
      }
      if (n % 4 != 0) {
        return false;
      }
    }
    for (int i = 0; i < data; i++) {
      char c = text.charAt(i);
      boolean alphabet =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (!alphabet) {
        return false;
      }
    }
    // One leftover character cannot encode a byte; padding must complete a group of four.
    return data % 4 != 1 && (data == n || (n - data) == (4 - data % 4) % 4);
  }

  private static String trimOws(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isOws(value.charAt(start))) {
      start++;
    }
    while (end > start && isOws(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
