package dev.airlock.emulators.codehost;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds hostile app JWTs: other algorithms, other keys, arbitrary claims. */
final class JwtForgery {

  private JwtForgery() {}

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String claims(long iat, long exp, String iss) {
    return "{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":" + iss + "}";
  }

  static String rs256(PrivateKey key, String headerJson, String claimsJson) {
    String input = b64(headerJson) + "." + b64(claimsJson);
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}, with an empty signature as RFC 7519 defines an unsecured JWT. */
  static String unsecured(String claimsJson) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson) + ".";
  }

  /** HS256 keyed with the app's public key bytes: the classic algorithm-confusion forgery. */
  static String hs256WithPublicKey(PublicKey publicKey, String claimsJson) {
    String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claimsJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(publicKey.getEncoded(), "HmacSHA256"));
      byte[] tag = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
