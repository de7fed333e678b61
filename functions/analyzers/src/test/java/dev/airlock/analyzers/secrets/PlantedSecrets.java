package dev.airlock.analyzers.secrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Random values in the formats gitleaks' rules match, generated at test time so that every run
 * plants unique values and no real secret is in the repository.
 */
public final class PlantedSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = UPPER + LOWER + DIGITS;
  private static final GitleaksConfig CONFIG = GitleaksConfig.loadDefault();

  private PlantedSecrets() {}

  static String random(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** A random value no allowlist stopword of the rule file happens to contain. */
  private static String clean(String alphabet, int length) {
    while (true) {
      String value = random(alphabet, length);
      boolean hasDigit = value.chars().anyMatch(Character::isDigit);
      if (hasDigit && !containsStopword(value)) {
        return value;
      }
    }
  }

  private static boolean containsStopword(String value) {
    for (Allowlist allowlist : CONFIG.allowlists()) {
      if (allowlist.containsStopword(value)) {
        return true;
      }
    }
    for (SecretRule rule : CONFIG.rules()) {
      for (Allowlist allowlist : rule.allowlists()) {
        if (allowlist.containsStopword(value)) {
          return true;
        }
      }
    }
    return false;
  }

  public static String awsAccessKeyId() {
    return "AKIA" + clean(UPPER + "234567", 16);
  }

  public static String githubPat() {
    return "ghp_" + clean(ALNUM, 36);
  }

  public static String githubAppToken() {
    return "ghs_" + clean(ALNUM, 36);
  }

  public static String gitlabPat() {
    return "glpat-" + clean(ALNUM, 20);
  }

  public static String stripeSecretKey() {
    return "sk_live_" + clean(ALNUM, 32);
  }

  public static String slackBotToken() {
    return "xoxb-" + random(DIGITS, 12) + "-" + random(DIGITS, 13) + "-" + clean(ALNUM, 24);
  }

  public static String slackWebhookUrl() {
    return "https://hooks.slack.com/services/" + clean(ALNUM, 44);
  }

  /** A PEM block with random base64 in place of key material (not a key). */
  public static String privateKeyBlock() {
    byte[] body = new byte[600];
    RANDOM.nextBytes(body);
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body);
    return "-----BEGIN RSA PRIVATE KEY-----\n" + base64 + "\n-----END RSA PRIVATE KEY-----";
  }

  /** A high-entropy value for the generic rule: letters and digits, 32 characters. */
  public static String genericApiKey() {
    return clean(ALNUM, 32);
  }

  /** The forms in which a leaked value could be hidden in output. */
  public static List<String> encodings(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(bytes);
    return List.of(
        value,
        Base64.getEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        hex,
        hex.toUpperCase(Locale.ROOT));
  }
}
