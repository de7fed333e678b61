package dev.airlock.billing.domain;

import dev.airlock.billing.port.StripeSignatureCheck;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a request really comes from Stripe: the {@code Stripe-Signature} header ({@code
 * t=<unix seconds>,v1=<hex>[,v1=<hex>...]}) must carry exactly one timestamp, no older than the
 * tolerance and — which Stripe's SDK does not check — no further in the future than the tolerance
 * either, and a {@code v1} HMAC that one of the configured secrets (tried in order, for rotation)
 * reproduces over the raw body. The HMAC comparison itself is Stripe's own code, behind {@link
 * StripeSignatureCheck}.
 *
 * <p>The body is decoded as strict UTF-8 because Stripe signs the UTF-8 bytes of the JSON and the
 * SDK re-encodes the string it is given: strict decoding makes that round trip exact (a multibyte
 * body verifies) and refuses bytes that are not UTF-8 instead of silently replacing them.
 *
 * <p>Refusal reasons: {@code signature-missing}, {@code signature-header-repeated}, {@code
 * signature-malformed}, {@code timestamp-expired}, {@code timestamp-in-future}, {@code
 * body-not-utf8}, {@code signature-invalid}. Never throws for any input; never echoes the header,
 * body or secrets.
 */
public final class StripeSignatureVerifier {

  /** Stripe's default tolerance, also used for the future-dated check. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  /** Far above any real header (a few signatures of 64 hex characters). */
  static final int MAX_HEADER_LENGTH = 4096;

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

  private final StripeSignatureCheck check;
  private final long toleranceSeconds;
  private final Clock clock;

  public StripeSignatureVerifier(StripeSignatureCheck check, Duration tolerance, Clock clock) {
    if (check == null || tolerance == null || clock == null) {
      throw new IllegalArgumentException("a signature check, a tolerance and a clock are required");
    }
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance must be positive");
    }
    this.check = check;
    this.toleranceSeconds = tolerance.toSeconds();
    this.clock = clock;
  }

  /**
   * @param headerValues every value of the {@code Stripe-Signature} header in the request
   * @param body the raw body
   * @param secrets the accepted signing secrets, newest first
   */
  public Verification verify(List<String> headerValues, byte[] body, List<String> secrets) {
    if (secrets == null || secrets.isEmpty()) {
      return new Verification.NotConfigured();
    }
    if (headerValues == null || headerValues.isEmpty()) {
      return refused("signature-missing");
    }
    if (headerValues.size() > 1) {
      return refused("signature-header-repeated");
    }
    String header = headerValues.get(0);
    if (header == null || header.isBlank()) {
      return refused("signature-missing");
    }
    if (header.length() > MAX_HEADER_LENGTH) {
      return refused("signature-malformed");
    }
    Long timestamp = null;
    int v1 = 0;
    for (String item : header.split(",", -1)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        return refused("signature-malformed");
      }
      String key = item.substring(0, eq);
      String value = item.substring(eq + 1);
      if (key.equals("t")) {
        if (timestamp != null || !TIMESTAMP.matcher(value).matches()) {
          // Two timestamps make it ambiguous which one the signature covers: refuse.
          return refused("signature-malformed");
        }
        timestamp = Long.parseLong(value);
      } else if (key.equals("v1")) {
        v1++;
      }
    }
    if (timestamp == null || v1 == 0) {
      return refused("signature-malformed");
    }
    long now = clock.instant().getEpochSecond();
    if (now - timestamp > toleranceSeconds) {
      return refused("timestamp-expired");
    }
    if (timestamp - now > toleranceSeconds) {
      return refused("timestamp-in-future");
    }
    String payload;
    try {
      payload =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
              .toString();
    } catch (CharacterCodingException e) {
      return refused("body-not-utf8");
    }
    for (String secret : secrets) {
      if (secret != null
          && !secret.isBlank()
          && check.matches(payload, header, secret, toleranceSeconds, clock)) {
        return new Verification.Verified(payload);
      }
    }
    return refused("signature-invalid");
  }

  private static Verification refused(String reason) {
    return new Verification.Refused(reason);
  }
}
