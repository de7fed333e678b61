package dev.airlock.core.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntitlementTest {

  private static BillingSubscription sub(String id, SubscriptionStatus s) {
    return new BillingSubscription(id, s.wireName(), "price_1", 1L, null, false, "evt_" + id, 1L);
  }

  private static BillingDocument withStatus(SubscriptionStatus s) {
    return BillingDocument.of("cus_1", List.of(sub("sub_1", s)));
  }

  @Test
  void allowsPrivateAnalysis_shouldBeTrueOnlyForActiveAndTrialing_whenStatusIsKnown() {
    for (SubscriptionStatus s : SubscriptionStatus.values()) {
      boolean expected = s == SubscriptionStatus.ACTIVE || s == SubscriptionStatus.TRIALING;

      assertEquals(expected, Entitlement.allowsPrivateAnalysis(withStatus(s)), s.wireName());
    }
  }

  @Test
  void allowsPrivateAnalysis_shouldBeTrue_whenAnySubscriptionEntitlesAndOthersEnded() {
    for (SubscriptionStatus other : SubscriptionStatus.values()) {
      BillingDocument doc =
          BillingDocument.of(
              "cus_1", List.of(sub("sub_a", other), sub("sub_b", SubscriptionStatus.ACTIVE)));

      assertTrue(Entitlement.allowsPrivateAnalysis(doc), other.wireName());
    }
    BillingDocument noneEntitling =
        BillingDocument.of(
            "cus_1",
            List.of(
                sub("sub_a", SubscriptionStatus.CANCELED),
                sub("sub_b", SubscriptionStatus.PAST_DUE),
                BillingSubscription.announced("sub_c")));
    assertFalse(Entitlement.allowsPrivateAnalysis(noneEntitling));
  }

  @Test
  void allowsPrivateAnalysis_shouldFailClosed_whenThereIsNoStatusOrNoDocument() {
    assertEquals(
        false, Entitlement.allowsPrivateAnalysis(BillingDocument.linked("cus_1", "sub_1")));
    assertEquals(false, Entitlement.allowsPrivateAnalysis(BillingDocument.linked("cus_1", null)));
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
