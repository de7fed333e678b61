package dev.airlock.billing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StripeModeTest {

  @Test
  void accepts_shouldMatchOnlyItsOwnLivemode_whenAskedForEither() {
    assertTrue(StripeMode.LIVE.accepts(true));
    assertFalse(StripeMode.LIVE.accepts(false));
    assertTrue(StripeMode.TEST.accepts(false));
    assertFalse(StripeMode.TEST.accepts(true));
  }

  @Test
  void fromSetting_shouldReadLiveAndTest_whenSpelledInAnyCase() {
    assertEquals(StripeMode.LIVE, StripeMode.fromSetting("live"));
    assertEquals(StripeMode.LIVE, StripeMode.fromSetting(" LIVE "));
    assertEquals(StripeMode.TEST, StripeMode.fromSetting("Test"));
  }

  @Test
  void fromSetting_shouldRefuse_whenTheValueIsNeitherMode() {
    for (String odd : new String[] {null, "", "prod", "livemode", "false"}) {
      assertThrows(IllegalArgumentException.class, () -> StripeMode.fromSetting(odd), "" + odd);
    }
  }

  @Test
  void defaults_shouldServeLiveModeWithAnHoursGrace_whenNothingIsConfigured() {
    BillingSettings d = BillingSettings.defaults();

    assertEquals(StripeMode.LIVE, d.mode());
    assertEquals(Duration.ofHours(1), d.deletionGrace());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BillingSettings(1, Duration.ofSeconds(1), StripeMode.LIVE, Duration.ofSeconds(-1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingSettings(1, Duration.ofSeconds(1), null, Duration.ZERO));
  }
}
