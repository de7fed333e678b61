package dev.airlock.billing.domain;

import java.util.Locale;

/**
 * Which of Stripe's two worlds this deployment serves. Stripe marks every event with {@code
 * livemode}; an event of the other mode is answered 200 ignored {@code livemode-mismatch} and
 * changes nothing, so a test-mode event (signed with a test endpoint's secret that was configured
 * by mistake, or replayed from a test account) can never entitle, cancel or delete a live account.
 */
public enum StripeMode {
  /** Production: only {@code livemode: true} events apply. */
  LIVE,
  /** Test mode, the local stack and the tests: only {@code livemode: false} events apply. */
  TEST;

  /** Whether an event with this {@code livemode} belongs to this mode. */
  public boolean accepts(boolean livemode) {
    return livemode == (this == LIVE);
  }

  /**
   * {@code live} or {@code test} (any case).
   *
   * @throws IllegalArgumentException for anything else (a typo must stop the function at start, not
   *     silently pick a mode)
   */
  public static StripeMode fromSetting(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "live":
          return LIVE;
        case "test":
          return TEST;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("airlock.billing.mode must be live or test");
  }
}
