package dev.airlock.core.audit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects values that look like secrets, so that audit records, state and logs refuse them instead
 * of storing them. It is a last line of defence, tuned to catch well-known credential formats with
 * few false positives on identifiers (ids, timestamps, 40-hex commit SHAs, UUIDs, fingerprints).
 *
 * <p>Kinds: {@code github-token} ({@code ghp_ gho_ ghu_ ghs_ ghr_ github_pat_}), {@code
 * gitlab-token} ({@code glpat-}), {@code aws-access-key-id} ({@code AKIA}/{@code ASIA} + 16),
 * {@code aws-secret-access-key} (40 base64 characters with mixed case, within 64 characters of
 * "aws"), {@code slack-token} ({@code xoxa- xoxb- xoxp- xoxr-}), {@code stripe-key} ({@code
 * sk_live_ sk_test_ rk_live_ rk_test_}), {@code stripe-webhook-secret} ({@code whsec_}), {@code
 * private-key} (PEM private key header), {@code jwt} and {@code card-number} (see {@link
 * CardDataGuard}).
 *
 * <p>Stateless and thread-safe. Findings name the kind only, never the matched value.
 */
public final class RedactionGuard {

  private record Rule(String kind, Pattern pattern) {}

  /** Token-ish characters, so a prefix inside a longer word does not count. */
  private static final String NOT_AFTER_WORD = "(?<![A-Za-z0-9_])";

  private static final List<Rule> RULES =
      List.of(
          rule("private-key", "-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----"),
          rule(
              "github-token",
              NOT_AFTER_WORD + "(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\\w{22,})"),
          rule("gitlab-token", NOT_AFTER_WORD + "glpat-[A-Za-z0-9_\\-]{20,}"),
          rule("aws-access-key-id", "(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"),
          rule("slack-token", NOT_AFTER_WORD + "xox[abpr]-[A-Za-z0-9\\-]{10,}"),
          rule("stripe-key", NOT_AFTER_WORD + "(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}"),
          rule("stripe-webhook-secret", NOT_AFTER_WORD + "whsec_[A-Za-z0-9+/=]{20,}"),
          rule(
              "jwt",
              NOT_AFTER_WORD
                  + "eyJ[A-Za-z0-9_\\-]{4,}\\.eyJ[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]*"));

  /** Exactly 40 characters of the base64 alphabet AWS uses for secret access keys. */
  private static final Pattern AWS_SECRET_CANDIDATE =
      Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

  private static final int AWS_PROXIMITY = 64;

  private RedactionGuard() {}

  private static Rule rule(String kind, String regex) {
    return new Rule(kind, Pattern.compile(regex));
  }

  /**
   * The kind of the first secret-looking value in {@code text}, or empty. Never returns any part of
   * the value itself.
   */
  public static Optional<String> findViolation(String text) {
    if (text == null || text.isEmpty() || KNOWN_CLEAN.containsKey(text)) {
      return Optional.empty();
    }
    for (Rule r : RULES) {
      if (r.pattern().matcher(text).find()) {
        return Optional.of(r.kind());
      }
    }
    if (containsAwsSecret(text)) {
      return Optional.of("aws-secret-access-key");
    }
    if (CardDataGuard.containsCardNumber(text)) {
      return Optional.of(CardDataGuard.CARD_NUMBER);
    }
    rememberClean(text);
    return Optional.empty();
  }

  /**
   * Short values found clean, so that the ones every audit record repeats (action, outcome, reason,
   * id names, provider, repository, account) are not scanned by every rule again on each request.
   * The verdict is a pure function of the text, so remembering it changes no answer; only clean
   * values are kept (never one that looked like a secret), and the set starts over when full.
   */
  private static final Map<String, Boolean> KNOWN_CLEAN = new ConcurrentHashMap<>();

  static final int KNOWN_CLEAN_MAX_LENGTH = 128;
  static final int KNOWN_CLEAN_MAX_ENTRIES = 4096;

  private static void rememberClean(String text) {
    if (text.length() > KNOWN_CLEAN_MAX_LENGTH) {
      return;
    }
    if (KNOWN_CLEAN.size() >= KNOWN_CLEAN_MAX_ENTRIES) {
      KNOWN_CLEAN.clear();
    }
    KNOWN_CLEAN.put(text, Boolean.TRUE);
  }

  /** Whether {@code text} is free of anything {@link #findViolation} would report. */
  public static boolean isClean(String text) {
    return findViolation(text).isEmpty();
  }

  /**
   * A 40-character base64 run counts only near the word "aws" and only if it mixes upper and lower
   * case and is not plain hex: SHA-1 commit ids are 40 hex and must not count, while a random
   * secret key is all-lower or all-upper with negligible probability.
   */
  private static boolean containsAwsSecret(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.contains("aws")) {
      return false;
    }
    Matcher m = AWS_SECRET_CANDIDATE.matcher(text);
    while (m.find()) {
      String candidate = m.group();
      if (!mixedCase(candidate) || candidate.chars().allMatch(RedactionGuard::isHex)) {
        continue;
      }
      int from = Math.max(0, m.start() - AWS_PROXIMITY);
      int to = Math.min(text.length(), m.end() + AWS_PROXIMITY);
      if (lower.substring(from, m.start()).contains("aws")
          || lower.substring(m.end(), to).contains("aws")) {
        return true;
      }
    }
    return false;
  }

  private static boolean mixedCase(String s) {
    return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase);
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
