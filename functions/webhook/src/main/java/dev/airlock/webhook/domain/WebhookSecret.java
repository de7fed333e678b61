package dev.airlock.webhook.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One webhook secret (shared HMAC key or token) as the code host knows it: its exact UTF-8 bytes.
 * {@link #toString()} never shows the value, so a secret cannot leak through a log line or an
 * exception message by accident.
 */
public final class WebhookSecret {
  private final byte[] value;

  private WebhookSecret(byte[] value) {
    this.value = value;
  }

  /**
   * A secret from its textual form (surrounding whitespace removed, because secrets are pasted into
   * consoles and environment variables).
   *
   * @throws IllegalArgumentException if it is null or blank
   */
  public static WebhookSecret of(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("webhook secret is blank");
    }
    return new WebhookSecret(text.strip().getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the secret's bytes; callers must not keep it longer than one verification. */
  public byte[] bytes() {
    return value.clone();
  }

  /**
   * The secret's own bytes, not a copy: only for the verifiers in this package, which never modify
   * them (a copy per request and secret would be garbage on the hot path).
   */
  byte[] raw() {
    return value;
  }

  /** Whether the textual form starts with {@code prefix} (e.g. {@code whsec_}). */
  boolean startsWith(String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    return value.length >= p.length && Arrays.equals(value, 0, p.length, p, 0, p.length);
  }

  /** The part after {@code prefix}, as text (only for key material encodings such as base64). */
  String afterPrefix(String prefix) {
    int n = prefix.getBytes(StandardCharsets.UTF_8).length;
    return new String(value, n, value.length - n, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
