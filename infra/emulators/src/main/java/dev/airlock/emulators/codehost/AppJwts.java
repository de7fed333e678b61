package dev.airlock.emulators.codehost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs GitHub App JWTs (RS256, {@code iss} = app id, {@code iat}, {@code exp}) so tests and the
 * local stack can call the token API of a {@link LocalCodeHost}. It does not check the claims:
 * tests use it to build deliberately invalid tokens too.
 */
public final class AppJwts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AppJwts() {}

  /**
   * A JWT as GitHub's documentation recommends: issued 60 s in the past, valid for 9 minutes.
   *
   * @throws IllegalStateException if the key cannot sign with SHA256withRSA
   */
  public static String forApp(PrivateKey appKey, long appId, Instant now) {
    return sign(appKey, appId, now.minusSeconds(60), now.plusSeconds(540));
  }

  /**
   * Signs the given claims with RS256.
   *
   * @throws IllegalStateException if the key cannot sign with SHA256withRSA
   */
  public static String sign(PrivateKey appKey, long appId, Instant issuedAt, Instant expiresAt) {
    Objects.requireNonNull(appKey, "appKey");
    ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
    ObjectNode claims =
        JSON.createObjectNode()
            .put("iat", issuedAt.getEpochSecond())
            .put("exp", expiresAt.getEpochSecond())
            .put("iss", Long.toString(appId));
    String signingInput = encode(header.toString()) + "." + encode(claims.toString());
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(appKey);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the app JWT with this key", e);
    }
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
