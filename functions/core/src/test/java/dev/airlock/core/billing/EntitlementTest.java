package dev.airlock.core.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntitlementTest {

  private static BillingDocument withStatus(SubscriptionStatus s) {
    return new BillingDocument(
        "cus_1", "sub_1", s.wireName(), "price_1", 1L, null, false, "evt_1", 1L);
  }

  @Test
  void allowsPrivateAnalysis_shouldBeTrueOnlyForActiveAndTrialing_whenStatusIsKnown() {
    for (SubscriptionStatus s : SubscriptionStatus.values()) {
      boolean expected = s == SubscriptionStatus.ACTIVE || s == SubscriptionStatus.TRIALING;

      assertEquals(expected, Entitlement.allowsPrivateAnalysis(withStatus(s)), s.wireName());
    }
  }

  @Test
  void allowsPrivateAnalysis_shouldFailClosed_whenThereIsNoStatusOrNoDocument() {
    assertEquals(
        false, Entitlement.allowsPrivateAnalysis(BillingDocument.linked("cus_1", "sub_1")));
    assertEquals(false, Entitlement.allowsPrivateAnalysis(Optional.empty()));
    assertEquals(false, Entitlement.allowsPrivateAnalysis((BillingDocument) null));
  }

  @Test
  void allowsAnalysis_shouldAllowPublicRepositories_whateverTheBilling() {
    assertTrue(Entitlement.allowsAnalysis(false, Optional.empty()));
    assertTrue(
        Entitlement.allowsAnalysis(false, Optional.of(withStatus(SubscriptionStatus.CANCELED))));
    assertEquals(false, Entitlement.allowsAnalysis(true, Optional.empty()));
    assertTrue(
        Entitlement.allowsAnalysis(true, Optional.of(withStatus(SubscriptionStatus.TRIALING))));
  }
}
