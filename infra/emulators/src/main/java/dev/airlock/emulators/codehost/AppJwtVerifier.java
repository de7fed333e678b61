package dev.airlock.emulators.codehost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Verifies a GitHub App JWT the way GitHub does before it mints an installation token: RS256 only,
 * signed by the app's key, {@code iss} equal to the app id, {@code iat} at most 60 s in the future,
 * {@code exp} in the future and at most 600 s after {@code iat}.
 *
 * <p>The algorithm is fixed by the server, never taken from the token: the header's {@code alg}
 * must equal {@code RS256}, which shuts out {@code none} and the HS256-with-the-public-key
 * confusion attack; {@code kid}, {@code jku}, {@code jwk} and {@code x5u} are ignored because the
 * key is configured, not looked up.
 */
final class AppJwtVerifier {

  /** The app JWT's verified claims. */
  record VerifiedAppJwt(long appId, Instant issuedAt, Instant expiresAt) {}

  static final long MAX_CLOCK_SKEW_SECONDS = 60;
  static final long MAX_LIFETIME_SECONDS = 600;
  private static final int MAX_TOKEN_CHARS = 8192;
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_\\-]+");

  private final RSAPublicKey appKey;
  private final long appId;
  private final Clock clock;
  private final ObjectMapper json;

  AppJwtVerifier(RSAPublicKey appKey, long appId, Clock clock, ObjectMapper json) {
    this.appKey = appKey;
    this.appId = appId;
    this.clock = clock;
    this.json = json;
  }

  /**
   * @throws JwtRejectedException with a reason safe to return to the client (it never quotes the
   *     token) when any check fails
   */
  VerifiedAppJwt verify(String jwt) throws JwtRejectedException {
    if (jwt == null || jwt.isEmpty() || jwt.length() > MAX_TOKEN_CHARS) {
      throw new JwtRejectedException("A JSON web token could not be decoded");
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw new JwtRejectedException("A JSON web token could not be decoded");
    }
    for (String part : parts) {
      if (!BASE64URL.matcher(part).matches()) {
        throw new JwtRejectedException("A JSON web token could not be decoded");
      }
    }
    JsonNode header = decodeObject(parts[0]);
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !"RS256".equals(alg.textValue())) {
      throw new JwtRejectedException("JWT algorithm is not RS256");
    }
    if (header.has("crit")) {
      throw new JwtRejectedException("JWT has unsupported critical header parameters");
    }
    verifySignature(parts);
    JsonNode claims = decodeObject(parts[1]);
    checkIssuer(claims.get("iss"));
    long iat = numericDate(claims, "iat");
    long exp = numericDate(claims, "exp");
    long now = clock.instant().getEpochSecond();
    if (iat > now + MAX_CLOCK_SKEW_SECONDS) {
      throw new JwtRejectedException(
          "'Issued at' claim ('iat') must be an Integer representing a time in the past");
    }
    if (exp <= now) {
      throw new JwtRejectedException(
          "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
    }
    if (exp <= iat || exp - iat > MAX_LIFETIME_SECONDS) {
      throw new JwtRejectedException("'Expiration time' claim ('exp') is too far in the future");
    }
    return new VerifiedAppJwt(appId, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp));
  }

  private void verifySignature(String[] parts) throws JwtRejectedException {
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    // A valid RS256 signature is exactly as long as the modulus; anything else is not worth
    // parsing.
    if (signature.length != (appKey.getModulus().bitLength() + 7) / 8) {
      throw new JwtRejectedException("JWT signature does not match the app's key");
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(appKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(signature)) {
        throw new JwtRejectedException("JWT signature does not match the app's key");
      }
    } catch (GeneralSecurityException e) {
      throw new JwtRejectedException("JWT signature does not match the app's key");
    }
  }

  private void checkIssuer(JsonNode iss) throws JwtRejectedException {
    // GitHub accepts the app id as a number or a string.
    boolean matches =
        iss != null
            && ((iss.isIntegralNumber() && iss.canConvertToLong() && iss.longValue() == appId)
                || (iss.isTextual() && iss.textValue().equals(Long.toString(appId))));
    if (!matches) {
      throw new JwtRejectedException("'Issuer' claim ('iss') must be the app id");
    }
  }

  private static long numericDate(JsonNode claims, String name) throws JwtRejectedException {
    JsonNode value = claims.get(name);
    if (value == null || !value.isNumber() || !value.canConvertToLong()) {
      throw new JwtRejectedException("'" + name + "' claim is missing or not a number");
    }
    return value.longValue();
  }

  private JsonNode decodeObject(String part) throws JwtRejectedException {
    try {
      JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw new JwtRejectedException("A JSON web token could not be decoded");
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw new JwtRejectedException("A JSON web token could not be decoded");
    }
  }

  /** The JWT was refused; the message is safe to send back and to log. */
  static final class JwtRejectedException extends Exception {
    JwtRejectedException(String reason) {
      super(reason, null, false, false);
    }
  }
}
