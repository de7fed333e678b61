package dev.airlock.webhook.domain;

import dev.airlock.core.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GitLab's two schemes.
 *
 * <ul>
 *   <li><b>Signing token</b> (Standard Webhooks): configured secrets of the form {@code
 *       whsec_<base64 key>}. The request must carry {@code webhook-id}, {@code webhook-timestamp}
 *       (Unix seconds, within the tolerance of now, both directions, against replay) and {@code
 *       webhook-signature}: space-separated {@code v1,<base64 HMAC-SHA256>} entries over {@code
 *       id.timestamp.body}. When any signing secret is configured, the plain token is not enough:
 *       the static token is replayable and a signature is not.
 *   <li><b>Secret token</b>: {@code X-Gitlab-Token} equal to a configured (non-{@code whsec_})
 *       secret, compared in constant time over SHA-256 digests so that the length does not leak
 *       either.
 * </ul>
 */
public final class GitLabVerifier implements SignatureVerifier {
  /** Prefix of Standard Webhooks signing secrets. */
  public static final String SIGNING_PREFIX = "whsec_";

  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern WEBHOOK_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");

  /** A digest per thread (not thread-safe; {@code digest} resets it), not a JCA look-up a call. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::sha256);

  private final Duration tolerance;

  /**
   * @param tolerance how far {@code webhook-timestamp} may be from now (Standard Webhooks suggests
   *     5 minutes)
   */
  public GitLabVerifier(Duration tolerance) {
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be zero or positive");
    }
    this.tolerance = tolerance;
  }

  @Override
  public Verification verify(
      Headers headers, byte[] body, List<WebhookSecret> secrets, Instant now) {
    if (secrets == null || secrets.isEmpty()) {
      return new Verification.NotConfigured();
    }
    List<Integer> signing = new ArrayList<>();
    List<Integer> tokens = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      (secrets.get(i).startsWith(SIGNING_PREFIX) ? signing : tokens).add(i);
    }
    try {
      return signing.isEmpty()
          ? verifyToken(headers, secrets, tokens)
          : verifySignature(headers, body, secrets, signing, now);
    } catch (Headers.AmbiguousHeaderException e) {
      return new Verification.Refused("signature-ambiguous");
    }
  }

  private Verification verifyToken(
      Headers headers, List<WebhookSecret> secrets, List<Integer> tokens) {
    String given = headers.single("X-Gitlab-Token").orElse(null);
    if (given == null) {
      return new Verification.Refused("token-missing");
    }
    MessageDigest sha256 = SHA256.get();
    byte[] givenDigest = sha256.digest(given.getBytes(StandardCharsets.UTF_8));
    int match = -1;
    for (int i : tokens) {
      byte[] expected = sha256.digest(secrets.get(i).raw());
      if (Hmac.equal(expected, givenDigest) && match < 0) {
        match = i;
      }
    }
    return match >= 0
        ? new Verification.Verified(match)
        : new Verification.Refused("token-invalid");
  }

  private Verification verifySignature(
      Headers headers, byte[] body, List<WebhookSecret> secrets, List<Integer> keys, Instant now) {
    String id = headers.single("webhook-id").orElse(null);
    String timestamp = headers.single("webhook-timestamp").orElse(null);
    String signature = headers.single("webhook-signature").orElse(null);
    if (id == null || timestamp == null || signature == null) {
      return new Verification.Refused("signature-missing");
    }
    if (!WEBHOOK_ID.matcher(id).matches() || !TIMESTAMP.matcher(timestamp).matches()) {
      return new Verification.Refused("signature-malformed");
    }
    long seconds = Long.parseLong(timestamp);
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      return new Verification.Refused("timestamp-outside-tolerance");
    }
    List<byte[]> given = new ArrayList<>();
    for (String entry : signature.split(" ")) {
      if (entry.startsWith("v1,")) {
        try {
          byte[] sig = Base64.getDecoder().decode(entry.substring(3));
          if (sig.length == 32) {
            given.add(sig);
          }
        } catch (IllegalArgumentException e) {
          // A malformed entry cannot match; other entries may.
        }
      }
    }
    if (given.isEmpty()) {
      return new Verification.Refused("signature-malformed");
    }
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[][] parts = {prefix, body};
    byte[][] candidates = given.toArray(new byte[0][]);
    int match = -1;
    for (int i : keys) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(secrets.get(i).afterPrefix(SIGNING_PREFIX));
      } catch (IllegalArgumentException e) {
        continue; // a misconfigured signing secret never verifies anything
      }
      if (key.length == 0) {
        continue;
      }
      if (Hmac.matches(key, parts, candidates) && match < 0) {
        match = i;
      }
    }
    return match >= 0
        ? new Verification.Verified(match)
        : new Verification.Refused("signature-invalid");
  }
}
