package dev.airlock.analyze.adapter.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The GitHub App JSON Web Token that authenticates the app itself (to mint installation tokens):
 * RS256 over {@code {"iat": now - 60 s, "exp": now + 540 s, "iss": "<app id>"}}. Issued a minute in
 * the past against clock drift, and valid nine minutes, under GitHub's ten-minute maximum.
 */
final class AppJwt {
  static final long BACKDATE_SECONDS = 60;
  static final long LIFETIME_SECONDS = 540;

  private AppJwt() {}

  static String sign(PrivateKey key, long appId, Instant now) {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iat\":"
            + (now.getEpochSecond() - BACKDATE_SECONDS)
            + ",\"exp\":"
            + (now.getEpochSecond() + LIFETIME_SECONDS)
            + ",\"iss\":\""
            + appId
            + "\"}";
    String input = b64(header) + "." + b64(claims);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the app JWT with the configured key");
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
