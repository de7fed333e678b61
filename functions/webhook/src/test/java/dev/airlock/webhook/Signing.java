package dev.airlock.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test requests the way the code hosts do (independently of the production verifiers). */
public final class Signing {
  private Signing() {}

  public static byte[] hmacSha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sha256=<hex>} as GitHub ({@code X-Hub-Signature-256}) and Bitbucket send it. */
  public static String hubSignature(String secret, byte[] body) {
    return "sha256="
        + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /** {@code v1,<base64>} over {@code id.timestamp.body} with a {@code whsec_} secret. */
  public static String standardWebhooksSignature(
      String whsecSecret, String id, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "v1," + Base64.getEncoder().encodeToString(hmacSha256(key, signed));
  }
}
