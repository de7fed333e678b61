package dev.airlock.analyze;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Values in the formats of gitleaks' rules, random per run (so nothing secret-looking is committed
 * and every run plants unique values).
 */
final class Planted {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";

  private Planted() {}

  static String random(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static String awsAccessKeyId() {
    return "AKIA" + random("234567", 2) + random(UPPER + "234567", 14);
  }

  static String githubPat() {
    return "ghp_" + random(DIGITS, 2) + random(UPPER + LOWER + DIGITS, 34);
  }

  static String slackBotToken() {
    return "xoxb-"
        + random(DIGITS, 12)
        + "-"
        + random(DIGITS, 13)
        + "-"
        + random(DIGITS, 2)
        + random(UPPER + LOWER + DIGITS, 22);
  }

  static String privateKeyBlock() {
    byte[] body = new byte[600];
    RANDOM.nextBytes(body);
    return "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body)
        + "\n-----END RSA PRIVATE KEY-----";
  }
}
