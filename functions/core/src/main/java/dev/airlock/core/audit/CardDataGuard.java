package dev.airlock.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects payment card data, which Airlock must never receive or store (Stripe holds it): primary
 * account numbers and the JSON fields that carry card details.
 *
 * <p>A card number is 13–19 digits, optionally grouped with single spaces or dashes, that passes
 * the Luhn check and starts like an issued card (2221–2720, or 3, 4, 5, 6). The issuer prefix is
 * required because 13–19 digit ids are common (epoch milliseconds start with 1, compact timestamps
 * with 20) and one in ten of them passes Luhn by chance. (Epoch milliseconds after 2039 will start
 * with 22, inside Mastercard's 2-series; by then this needs revisiting.) A number is found wherever
 * it stands next to non-digits: {@code card4111111111111111x} counts; a 25-digit run does not
 * contain a card, and neither do UUIDs or hex tokens of 20+ characters with a letter (digests,
 * commit SHAs).
 *
 * <p>Card fields are {@code number}/{@code card_number} with 12 or more digit characters, {@code
 * cvc}/{@code cvv}/{@code security_code} (optionally suffixed 2) with 3–4 digits, and {@code
 * exp_month}/{@code exp_year} with 1–4 digits (any case, also camelCase), as JSON members.
 *
 * <p>Stateless and thread-safe. Findings name the kind only, never the value.
 */
public final class CardDataGuard {

  /** Kind reported for a Luhn-valid card number. */
  public static final String CARD_NUMBER = "card-number";

  /** Kind reported for a card field (number, CVC, expiry) carrying digits. */
  public static final String CARD_FIELD = "card-field";

  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  /**
   * UUIDs and long hex tokens (digests, commit SHAs, fingerprints) are identifiers, never card
   * numbers, yet often hold 13+ digit runs; they are blanked before scanning.
   */
  private static final Pattern IDENTIFIERS =
      Pattern.compile(
          "(?<![A-Za-z0-9])(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
              + "|(?=[0-9]*[a-fA-F])[0-9a-fA-F]{20,})(?![A-Za-z0-9])");

  /** A run of digit groups joined by single spaces or dashes. */
  private static final Pattern GROUPED_DIGITS = Pattern.compile("[0-9]+(?:[ \\-][0-9]+)*");

  private static final Pattern CARD_FIELDS =
      Pattern.compile(
          // A number field needs 12+ digit characters: a pull request "number": 42 is not a card.
          "\"(?:card_?)?number\"\\s*:\\s*\"?[0-9][0-9 \\-]{11,}"
              + "|\"(?:cvc|cvv|security_?code)2?\"\\s*:\\s*\"?[0-9]{3,4}\"?\\s*[,}\\]]"
              + "|\"(?:exp_?month|exp_?year|expiry_?(?:month|year))\"\\s*:\\s*\"?[0-9]{1,4}\"?\\s*[,}\\]]",
          Pattern.CASE_INSENSITIVE);

  private CardDataGuard() {}

  /** The first kind of card data found in {@code text}, or empty. */
  public static Optional<String> findViolation(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (containsCardNumber(text)) {
      return Optional.of(CARD_NUMBER);
    }
    if (CARD_FIELDS.matcher(text).find()) {
      return Optional.of(CARD_FIELD);
    }
    return Optional.empty();
  }

  /** Whether {@code text} contains a Luhn-valid, card-shaped number anywhere. */
  public static boolean containsCardNumber(String text) {
    if (text == null || text.length() < MIN_DIGITS) {
      return false;
    }
    String scanned = IDENTIFIERS.matcher(text).replaceAll("#");
    Matcher m = GROUPED_DIGITS.matcher(scanned);
    while (m.find()) {
      if (groupsContainCard(scanned.substring(m.start(), m.end()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tries every contiguous sub-sequence of groups, so a card is found even when a short number (an
   * order id, a date part) stands right before or after it with a separator in between.
   */
  private static boolean groupsContainCard(String run) {
    List<String> groups = new ArrayList<>();
    for (String g : run.split("[ \\-]")) {
      groups.add(g);
    }
    for (int from = 0; from < groups.size(); from++) {
      StringBuilder digits = new StringBuilder(MAX_DIGITS);
      for (int to = from; to < groups.size(); to++) {
        digits.append(groups.get(to));
        if (digits.length() > MAX_DIGITS) {
          break;
        }
        if (digits.length() >= MIN_DIGITS && isCardNumber(digits)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Issuer prefix and Luhn check on a string of 13–19 digits. */
  static boolean isCardNumber(CharSequence digits) {
    int n = digits.length();
    if (n < MIN_DIGITS || n > MAX_DIGITS) {
      return false;
    }
    return hasIssuerPrefix(digits) && luhn(digits);
  }

  private static boolean hasIssuerPrefix(CharSequence d) {
    char first = d.charAt(0);
    if (first >= '3' && first <= '6') {
      return true;
    }
    if (first == '2') {
      int four = Integer.parseInt(d.subSequence(0, 4).toString());
      return four >= 2221 && four <= 2720;
    }
    return false;
  }

  /** The Luhn (mod 10) check digit test. */
  public static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return digits.length() > 0 && sum % 10 == 0;
  }
}
