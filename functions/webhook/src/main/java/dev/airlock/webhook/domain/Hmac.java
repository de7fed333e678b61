package dev.airlock.webhook.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the strict hex parsing the signature headers need. */
final class Hmac {
  private Hmac() {}

  static byte[] sha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // An empty key is legal for HMAC but SecretKeySpec refuses it; such a secret is refused
      // earlier (WebhookSecret is never blank), so a single zero byte here only guards the JCA.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Parses exactly {@code 2 * length} hex digits (either case), or returns null. {@link
   * HexFormat#parseHex} alone would accept any even length.
   */
  static byte[] parseHex(String hex, int length) {
    if (hex == null || hex.length() != 2 * length) {
      return null;
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 0x7f) {
        return null;
      }
    }
    return HexFormat.of().parseHex(hex);
  }

  /** Constant-time equality; lengths are not secret. */
  static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
