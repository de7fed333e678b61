package dev.airlock.webhook.domain;

import java.util.Locale;

/**
 * Reasons go into responses and audit records; some embed a value from the payload (an action
 * name). They are reduced to a short, harmless token so a payload cannot inject text into either.
 */
final class Reasons {
  private Reasons() {}

  static String token(String reason) {
    if (reason == null || reason.isBlank()) {
      return "unspecified";
    }
    String lower = reason.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(Math.min(lower.length(), 64));
    for (int i = 0; i < lower.length() && out.length() < 64; i++) {
      char c = lower.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == ':'
              || c == '.';
      out.append(ok ? c : '-');
    }
    return out.toString();
  }
}
