package dev.airlock.webhook.domain;

import java.time.Instant;
import java.util.List;

/**
 * {@code sha256=<64 hex>} HMAC-SHA256 of the raw body, in the header GitHub ({@code
 * X-Hub-Signature-256}) or Bitbucket Cloud ({@code X-Hub-Signature}, SHA-256 under the old name)
 * uses. The hex must decode to exactly 32 bytes; anything else is refused without computing a MAC.
 */
public final class HubSignatureVerifier implements SignatureVerifier {
  private static final String PREFIX = "sha256=";

  private final String header;
  private final String legacyHeader;

  private HubSignatureVerifier(String header, String legacyHeader) {
    this.header = header;
    this.legacyHeader = legacyHeader;
  }

  /**
   * GitHub: {@code X-Hub-Signature-256}. A request carrying only the legacy SHA-1 {@code
   * X-Hub-Signature} is refused: SHA-1 HMAC is not accepted as proof.
   */
  public static HubSignatureVerifier github() {
    return new HubSignatureVerifier("X-Hub-Signature-256", "X-Hub-Signature");
  }

  /** Bitbucket Cloud: {@code X-Hub-Signature: sha256=<hex>}. */
  public static HubSignatureVerifier bitbucket() {
    return new HubSignatureVerifier("X-Hub-Signature", null);
  }

  @Override
  public Verification verify(
      Headers headers, byte[] body, List<WebhookSecret> secrets, Instant now) {
    if (secrets == null || secrets.isEmpty()) {
      return new Verification.NotConfigured();
    }
    String value;
    try {
      value = headers.single(header).orElse(null);
    } catch (Headers.AmbiguousHeaderException e) {
      return new Verification.Refused("signature-ambiguous");
    }
    if (value == null) {
      return new Verification.Refused(
          legacyHeader != null && headers.contains(legacyHeader)
              ? "sha1-signature-refused"
              : "signature-missing");
    }
    if (!value.startsWith(PREFIX)) {
      return new Verification.Refused("signature-malformed");
    }
    byte[] given = Hmac.parseHex(value, PREFIX.length(), Hmac.MAC_LENGTH);
    if (given == null) {
      return new Verification.Refused("signature-malformed");
    }
    int match = -1;
    // Over the caller's body array itself: no copy, whatever its size.
    byte[][] parts = {body};
    // Every secret is tried even after a match so the time taken does not tell which one matched.
    for (int i = 0; i < secrets.size(); i++) {
      if (Hmac.matches(secrets.get(i).raw(), parts, given) && match < 0) {
        match = i;
      }
    }
    return match >= 0
        ? new Verification.Verified(match)
        : new Verification.Refused("signature-invalid");
  }
}
