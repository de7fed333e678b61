package dev.airlock.billing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.SubscriptionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ordering and merging rules: any delivery order ends where in-order delivery ends. */
class BillingRulesTest {

  record Ev(String id, long created, SubscriptionSnapshot snapshot) {}

  private static SubscriptionSnapshot snap(String sub, SubscriptionStatus status, long quantity) {
    return new SubscriptionSnapshot(
        sub, "cus_1", status, "price_1", quantity, 1_800_000_000L, false, null);
  }

  private static Optional<BillingDocument> deliver(List<Ev> order) {
    Optional<BillingDocument> doc = Optional.empty();
    for (Ev e : order) {
      final Optional<BillingDocument> current = doc;
      doc =
          BillingRules.applySubscription(current, e.id(), e.created(), e.snapshot())
              .or(() -> current);
    }
    return doc;
  }

  private static List<List<Ev>> permutations(List<Ev> events) {
    if (events.size() <= 1) {
      return List.of(events);
    }
    List<List<Ev>> all = new ArrayList<>();
    for (Ev first : events) {
      List<Ev> rest = new ArrayList<>(events);
      rest.remove(first);
      for (List<Ev> p : permutations(rest)) {
        List<Ev> order = new ArrayList<>();
        order.add(first);
        order.addAll(p);
        all.add(order);
      }
    }
    return all;
  }

  @Test
  void applySubscription_shouldEndInTheInOrderState_whenDeliveredInAnyOrder() {
    Ev created = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.INCOMPLETE, 1));
    Ev updated = new Ev("evt_b", 200, snap("sub_1", SubscriptionStatus.ACTIVE, 2));
    Ev pastDue = new Ev("evt_c", 300, snap("sub_1", SubscriptionStatus.PAST_DUE, 2));
    Ev deleted = new Ev("evt_d", 400, snap("sub_1", SubscriptionStatus.CANCELED, 2));
    List<Ev> inOrder = List.of(created, updated, pastDue, deleted);
    Optional<BillingDocument> expected = deliver(inOrder);

    assertEquals("canceled", expected.get().status());
    assertEquals("evt_d", expected.get().lastEventId());
    for (List<Ev> order : permutations(inOrder)) {
      assertEquals(expected, deliver(order), order.toString());
    }
  }

  @Test
  void applySubscription_shouldOrderBySatusRank_whenEventsShareTheSecond() {
    Ev created = new Ev("evt_z", 100, snap("sub_1", SubscriptionStatus.INCOMPLETE, 1));
    Ev updated = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1));

    assertEquals("active", deliver(List.of(created, updated)).get().status());
    assertEquals("active", deliver(List.of(updated, created)).get().status());
  }

  @Test
  void applySubscription_shouldBreakTiesByEventId_whenSecondAndStatusAreEqual() {
    Ev one = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1));
    Ev two = new Ev("evt_b", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 5));

    assertEquals(5L, deliver(List.of(one, two)).get().quantity());
    assertEquals(5L, deliver(List.of(two, one)).get().quantity());
  }

  @Test
  void applySubscription_shouldNotReviveACanceledSubscription_whenANewerSnapshotIsActive() {
    Ev deleted = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.CANCELED, 1));
    Ev odd = new Ev("evt_b", 200, snap("sub_1", SubscriptionStatus.ACTIVE, 1));

    assertEquals("canceled", deliver(List.of(deleted, odd)).get().status());
  }

  @Test
  void applySubscription_shouldTakeTheNewSubscription_whenTheCustomerSubscribedAgain() {
    Ev oldCanceled = new Ev("evt_a", 100, snap("sub_old", SubscriptionStatus.CANCELED, 1));
    Ev fresh = new Ev("evt_b", 200, snap("sub_new", SubscriptionStatus.ACTIVE, 1));

    for (List<Ev> order : permutations(List.of(oldCanceled, fresh))) {
      BillingDocument doc = deliver(order).get();
      assertEquals("sub_new", doc.subscriptionId());
      assertEquals("active", doc.status());
    }
  }

  /**
   * Defect caught: the later end of another subscription of the same customer replaced the live one
   * the account was on (an {@code incomplete} subscription whose first payment failed expires 23
   * hours later, after the customer subscribed again and paid), so the account lost its
   * entitlement, and an account set to delete on cancel was deleted.
   */
  @Test
  void applySubscription_shouldKeepTheLiveSubscription_whenAnotherSubscriptionEndsLater() {
    Ev failed = new Ev("evt_a", 100, snap("sub_failed", SubscriptionStatus.INCOMPLETE, 1));
    Ev paid = new Ev("evt_b", 200, snap("sub_paid", SubscriptionStatus.ACTIVE, 1));
    Ev expired =
        new Ev(
            "evt_c", 100 + 23 * 3600, snap("sub_failed", SubscriptionStatus.INCOMPLETE_EXPIRED, 1));
    Ev leftAtPeriodEnd = new Ev("evt_d", 300_000, snap("sub_old", SubscriptionStatus.CANCELED, 1));

    for (List<Ev> order :
        List.of(
            List.of(failed, paid, expired),
            List.of(paid, failed, expired),
            List.of(paid, expired, failed),
            List.of(failed, paid, expired, leftAtPeriodEnd),
            List.of(paid, leftAtPeriodEnd))) {
      BillingDocument doc = deliver(order).get();
      assertEquals("sub_paid", doc.subscriptionId(), order.toString());
      assertEquals("active", doc.status(), order.toString());
    }
  }

  @Test
  void applySubscription_shouldTakeTheEndOfTheStoredSubscription_whenAnotherOneEndedBefore() {
    Ev paid = new Ev("evt_a", 200, snap("sub_paid", SubscriptionStatus.ACTIVE, 1));
    Ev otherEnded = new Ev("evt_b", 300, snap("sub_other", SubscriptionStatus.CANCELED, 1));
    Ev paidEnded = new Ev("evt_c", 400, snap("sub_paid", SubscriptionStatus.CANCELED, 1));

    for (List<Ev> order : permutations(List.of(paid, otherEnded, paidEnded))) {
      assertEquals("canceled", deliver(order).get().status(), order.toString());
    }
  }

  @Test
  void applySubscription_shouldChangeNothing_whenTheSameEventIsAppliedAgain() {
    Ev e = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1));
    Optional<BillingDocument> once = deliver(List.of(e));

    assertTrue(BillingRules.applySubscription(once, "evt_a", 100, e.snapshot()).isEmpty());
  }

  @Test
  void applyCheckout_shouldKeepSubscriptionState_whenCheckoutArrivesAfterTheSubscription() {
    Optional<BillingDocument> doc =
        deliver(List.of(new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1))));

    Optional<BillingDocument> after =
        BillingRules.applyCheckout(doc, new CheckoutCompletion("cs_1", "cus_1", "acme", "sub_1"));

    assertTrue(after.isEmpty(), "nothing to change");
  }

  @Test
  void applySubscription_shouldFillInTheLink_whenCheckoutArrivedFirst() {
    Optional<BillingDocument> linked =
        BillingRules.applyCheckout(
            Optional.empty(), new CheckoutCompletion("cs_1", "cus_1", "acme", "sub_1"));
    assertEquals(BillingDocument.linked("cus_1", "sub_1"), linked.get());

    Optional<BillingDocument> after =
        BillingRules.applySubscription(
            linked, "evt_a", 100, snap("sub_1", SubscriptionStatus.TRIALING, 1));

    assertEquals("trialing", after.get().status());
    assertEquals("evt_a", after.get().lastEventId());
  }
}
