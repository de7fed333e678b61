package dev.airlock.billing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.InvoiceNotice;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.BillingSubscription;
import dev.airlock.core.billing.Entitlement;
import dev.airlock.core.billing.SubscriptionStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ordering and merging rules: any delivery order ends where in-order delivery ends. */
class BillingRulesTest {

  record Ev(String id, long created, SubscriptionSnapshot snapshot) {
    @Override
    public String toString() {
      return id;
    }
  }

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

  private static BillingSubscription sub(BillingDocument doc, String id) {
    return doc.subscription(id).orElseThrow(() -> new AssertionError("no " + id));
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

    assertEquals("canceled", sub(expected.get(), "sub_1").status());
    assertEquals("evt_d", sub(expected.get(), "sub_1").lastEventId());
    for (List<Ev> order : permutations(inOrder)) {
      assertEquals(expected, deliver(order), order.toString());
    }
  }

  /**
   * Defect caught: the old subscription's end ({@code customer.subscription.deleted}) delivered
   * before the creation of a newer subscription that began while the old one ran left the document
   * showing the end, so the account lost its entitlement (and, set to delete on cancel, was queued
   * for deletion) although the customer was paying. Every one of the 24 orders of the four events
   * must end entitled, in the same document.
   */
  @Test
  void applySubscription_shouldEndEntitledInOneDocument_whenTwoSubscriptionsOverlapInAnyOrder() {
    Ev oldCreated = new Ev("evt_oc", 100, snap("sub_old", SubscriptionStatus.ACTIVE, 1));
    Ev newCreated = new Ev("evt_nc", 200, snap("sub_new", SubscriptionStatus.INCOMPLETE, 1));
    Ev oldDeleted = new Ev("evt_od", 300, snap("sub_old", SubscriptionStatus.CANCELED, 1));
    Ev newUpdated = new Ev("evt_nu", 400, snap("sub_new", SubscriptionStatus.ACTIVE, 3));
    List<Ev> inOrder = List.of(oldCreated, newCreated, oldDeleted, newUpdated);
    BillingDocument expected = deliver(inOrder).get();

    assertEquals("canceled", sub(expected, "sub_old").status());
    assertEquals("active", sub(expected, "sub_new").status());
    assertEquals(3L, sub(expected, "sub_new").quantity());
    assertEquals("evt_nu", sub(expected, "sub_new").lastEventId());
    assertTrue(Entitlement.allowsPrivateAnalysis(expected));
    List<List<Ev>> orders = permutations(inOrder);
    assertEquals(24, orders.size());
    Set<List<Ev>> seen = new HashSet<>();
    for (List<Ev> order : orders) {
      assertTrue(seen.add(order), "each order once");
      BillingDocument doc = deliver(order).get();
      assertEquals(expected, doc, order.toString());
      assertTrue(Entitlement.allowsPrivateAnalysis(doc), order.toString());
      assertEquals(expected.toJson().length, doc.toJson().length, order.toString());
    }
  }

  @Test
  void applySubscription_shouldOrderByStatusRank_whenEventsShareTheSecond() {
    Ev created = new Ev("evt_z", 100, snap("sub_1", SubscriptionStatus.INCOMPLETE, 1));
    Ev updated = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1));

    assertEquals("active", sub(deliver(List.of(created, updated)).get(), "sub_1").status());
    assertEquals("active", sub(deliver(List.of(updated, created)).get(), "sub_1").status());
  }

  @Test
  void applySubscription_shouldBreakTiesByEventId_whenSecondAndStatusAreEqual() {
    Ev one = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1));
    Ev two = new Ev("evt_b", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 5));

    assertEquals(5L, sub(deliver(List.of(one, two)).get(), "sub_1").quantity());
    assertEquals(5L, sub(deliver(List.of(two, one)).get(), "sub_1").quantity());
  }

  @Test
  void applySubscription_shouldNotReviveACanceledSubscription_whenANewerSnapshotIsActive() {
    Ev deleted = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.CANCELED, 1));
    Ev odd = new Ev("evt_b", 200, snap("sub_1", SubscriptionStatus.ACTIVE, 1));

    assertEquals("canceled", sub(deliver(List.of(deleted, odd)).get(), "sub_1").status());
  }

  @Test
  void applySubscription_shouldKeepBothSubscriptions_whenTheCustomerSubscribedAgain() {
    Ev oldCanceled = new Ev("evt_a", 100, snap("sub_old", SubscriptionStatus.CANCELED, 1));
    Ev fresh = new Ev("evt_b", 200, snap("sub_new", SubscriptionStatus.ACTIVE, 1));

    for (List<Ev> order : permutations(List.of(oldCanceled, fresh))) {
      BillingDocument doc = deliver(order).get();
      assertEquals("active", sub(doc, "sub_new").status());
      assertEquals("canceled", sub(doc, "sub_old").status());
      assertEquals("sub_new", doc.primary().get().subscriptionId());
      assertTrue(Entitlement.allowsPrivateAnalysis(doc));
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
      assertEquals("active", sub(doc, "sub_paid").status(), order.toString());
      assertTrue(doc.anyLiveOrAnnounced(), order.toString());
      assertTrue(Entitlement.allowsPrivateAnalysis(doc), order.toString());
    }
  }

  @Test
  void applySubscription_shouldLeaveNothingLive_whenEverySubscriptionEnded() {
    Ev paid = new Ev("evt_a", 200, snap("sub_paid", SubscriptionStatus.ACTIVE, 1));
    Ev otherEnded = new Ev("evt_b", 300, snap("sub_other", SubscriptionStatus.CANCELED, 1));
    Ev paidEnded = new Ev("evt_c", 400, snap("sub_paid", SubscriptionStatus.CANCELED, 1));

    for (List<Ev> order : permutations(List.of(paid, otherEnded, paidEnded))) {
      BillingDocument doc = deliver(order).get();
      assertEquals("canceled", sub(doc, "sub_paid").status(), order.toString());
      assertFalse(doc.anyLiveOrAnnounced(), order.toString());
      assertFalse(Entitlement.allowsPrivateAnalysis(doc), order.toString());
    }
  }

  @Test
  void applySubscription_shouldChangeNothing_whenTheSameEventIsAppliedAgain() {
    Ev e = new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.ACTIVE, 1));
    Optional<BillingDocument> once = deliver(List.of(e));

    assertTrue(BillingRules.applySubscription(once, "evt_a", 100, e.snapshot()).isEmpty());
  }

  @Test
  void applySubscription_shouldChangeNothing_whenTheEndedSubscriptionWasDroppedAtTheBound() {
    Optional<BillingDocument> doc = Optional.empty();
    for (int i = 0; i < BillingDocument.MAX_SUBSCRIPTIONS; i++) {
      final Optional<BillingDocument> current = doc;
      doc =
          BillingRules.applySubscription(
                  current,
                  "evt_n" + i,
                  1_000 + i,
                  snap("sub_n" + i, SubscriptionStatus.CANCELED, 1))
              .or(() -> current);
    }

    Optional<BillingDocument> after =
        BillingRules.applySubscription(
            doc, "evt_old", 10, snap("sub_ancient", SubscriptionStatus.CANCELED, 1));

    assertTrue(after.isEmpty(), "the oldest ended subscription is the one dropped");
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
  void applyCheckout_shouldAnnounceANewSubscription_whenTheDocumentHasOnlyAnEndedOne() {
    Optional<BillingDocument> doc =
        deliver(List.of(new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.CANCELED, 1))));
    assertFalse(doc.get().anyLiveOrAnnounced());

    BillingDocument after =
        BillingRules.applyCheckout(doc, new CheckoutCompletion("cs_2", "cus_1", "acme", "sub_2"))
            .get();

    assertTrue(sub(after, "sub_2").announcedOnly());
    assertTrue(after.anyLiveOrAnnounced(), "holds off deletion on cancel");
    assertFalse(Entitlement.allowsPrivateAnalysis(after), "but entitles to nothing");
  }

  @Test
  void applyInvoice_shouldAnnounceItsSubscriptionOnce_whenTheDocumentDoesNotHaveIt() {
    Optional<BillingDocument> doc =
        deliver(List.of(new Ev("evt_a", 100, snap("sub_1", SubscriptionStatus.CANCELED, 1))));
    InvoiceNotice paid = new InvoiceNotice("in_1", "cus_1", "sub_2", null);

    Optional<BillingDocument> after = BillingRules.applyInvoice(doc, paid);

    assertTrue(sub(after.get(), "sub_2").announcedOnly());
    assertTrue(BillingRules.applyInvoice(after, paid).isEmpty(), "once");
    assertTrue(
        BillingRules.applyInvoice(doc, new InvoiceNotice("in_2", "cus_1", "sub_1", null)).isEmpty(),
        "a known subscription is left as it is");
    assertTrue(
        BillingRules.applyInvoice(doc, new InvoiceNotice("in_3", "cus_1", null, null)).isEmpty());
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

    assertEquals("trialing", sub(after.get(), "sub_1").status());
    assertEquals("evt_a", sub(after.get(), "sub_1").lastEventId());
    assertEquals(1, after.get().subscriptions().size());
  }
}
