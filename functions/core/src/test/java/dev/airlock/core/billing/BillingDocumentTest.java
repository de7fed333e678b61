package dev.airlock.core.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingDocumentTest {

  private static BillingSubscription sub(String id, String status, long created) {
    return new BillingSubscription(
        id, status, "price_1", 2L, 1_800_000_000L, true, "evt_" + id, created);
  }

  private static BillingDocument twoSubscriptions() {
    return BillingDocument.of(
        "cus_1",
        List.of(sub("sub_2", "active", 1_700_000_100L), sub("sub_1", "canceled", 1_700_000_000L)));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void toJson_shouldRoundTripEveryField_whenDocumentIsComplete() {
    BillingDocument doc = twoSubscriptions();

    assertEquals(doc, BillingDocument.fromJson(doc.toJson()));
  }

  @Test
  void toJson_shouldHoldOnlyTheAllowListedFields_whenSerialized() {
    String json = new String(twoSubscriptions().toJson(), StandardCharsets.UTF_8);

    for (String field : new String[] {"version", "customerId", "subscriptions"}) {
      assertEquals(1, json.split("\"" + field + "\"", -1).length - 1, field);
    }
    for (String field : new String[] {"subscriptionId", "status", "priceId", "quantity"}) {
      assertEquals(2, json.split("\"" + field + "\"", -1).length - 1, field);
    }
    for (String derived : new String[] {"primary", "live", "ended", "entitles", "announced"}) {
      assertFalse(json.contains("\"" + derived), "derived value " + derived + " is not stored");
    }
    assertFalse(json.contains("last4"));
  }

  @Test
  void of_shouldOrderSubscriptionsById_whenGivenInAnyOrder() {
    BillingDocument a =
        BillingDocument.of("cus_1", List.of(sub("sub_b", "active", 1), sub("sub_a", "active", 2)));
    BillingDocument b =
        BillingDocument.of("cus_1", List.of(sub("sub_a", "active", 2), sub("sub_b", "active", 1)));

    assertEquals(a, b);
    assertEquals("sub_a", a.subscriptions().get(0).subscriptionId());
  }

  @Test
  void fromJson_shouldUpgradeAVersionOneDocument_whenItHoldsOneSubscription() {
    String v1 =
        "{\"customerId\":\"cus_1\",\"subscriptionId\":\"sub_1\",\"status\":\"active\","
            + "\"priceId\":\"price_1\",\"quantity\":2,\"currentPeriodEnd\":1800000000,"
            + "\"cancelAtPeriodEnd\":true,\"lastEventId\":\"evt_sub_1\","
            + "\"lastEventCreated\":1700000000}";

    BillingDocument doc = BillingDocument.fromJson(utf8(v1));

    assertEquals(BillingDocument.of("cus_1", List.of(sub("sub_1", "active", 1_700_000_000L))), doc);
    assertTrue(Entitlement.allowsPrivateAnalysis(doc));
    assertEquals(2, doc.version());
    assertEquals(doc, BillingDocument.fromJson(doc.toJson()), "written back as version 2");
  }

  @Test
  void fromJson_shouldUpgradeALinkOnlyVersionOneDocument_whenNoSnapshotWasApplied() {
    BillingDocument announced =
        BillingDocument.fromJson(
            utf8(
                "{\"customerId\":\"cus_1\",\"subscriptionId\":\"sub_1\",\"status\":null,"
                    + "\"cancelAtPeriodEnd\":false,\"lastEventId\":null}"));
    BillingDocument bare = BillingDocument.fromJson(utf8("{\"customerId\":\"cus_1\"}"));

    assertEquals(BillingDocument.linked("cus_1", "sub_1"), announced);
    assertTrue(announced.subscription("sub_1").get().announcedOnly());
    assertTrue(announced.anyLiveOrAnnounced(), "an announced subscription blocks deletion");
    assertFalse(Entitlement.allowsPrivateAnalysis(announced), "and entitles to nothing");
    assertEquals(List.of(), bare.subscriptions());
  }

  @Test
  void fromJson_shouldRefuse_whenTheStoredFormIsMixedOrUnknown() {
    assertThrows(
        MalformedJsonException.class,
        () ->
            BillingDocument.fromJson(
                utf8("{\"version\":2,\"customerId\":\"cus_1\",\"subscriptionId\":\"sub_1\"}")));
    assertThrows(
        MalformedJsonException.class,
        () -> BillingDocument.fromJson(utf8("{\"version\":3,\"customerId\":\"cus_1\"}")));
    assertThrows(
        MalformedJsonException.class,
        () -> BillingDocument.fromJson(utf8("{\"customerId\":\"cus_1\",\"status\":\"active\"}")));
  }

  @Test
  void withSubscription_shouldDropTheOldestEndedFirstAndNeverALiveOne_whenOverTheBound() {
    BillingDocument doc = BillingDocument.linked("cus_1", null);
    for (int i = 0; i < 10; i++) {
      doc = doc.withSubscription(sub("sub_live" + i, "past_due", 1_000 + i));
    }
    for (int i = 0; i < 6; i++) {
      doc = doc.withSubscription(sub("sub_end" + i, "canceled", 2_000 + i));
    }
    assertEquals(BillingDocument.MAX_SUBSCRIPTIONS, doc.subscriptions().size());

    BillingDocument over = doc.withSubscription(BillingSubscription.announced("sub_new"));
    assertEquals(BillingDocument.MAX_SUBSCRIPTIONS, over.subscriptions().size());
    assertTrue(over.subscription("sub_end0").isEmpty(), "the oldest ended one goes");
    assertTrue(over.subscription("sub_new").isPresent());
    for (int i = 0; i < 10; i++) {
      assertTrue(over.subscription("sub_live" + i).isPresent(), "live ones stay");
    }
  }

  @Test
  void withSubscription_shouldKeepEveryLiveOne_whenOnlyLiveOnesExceedTheBound() {
    List<BillingSubscription> live = new ArrayList<>();
    for (int i = 0; i < BillingDocument.MAX_SUBSCRIPTIONS; i++) {
      live.add(sub("sub_l" + i, "active", i + 1));
    }
    BillingDocument doc =
        BillingDocument.of("cus_1", live)
            .withSubscription(BillingSubscription.announced("sub_a"))
            .withSubscription(sub("sub_extra", "trialing", 99));

    assertTrue(doc.subscription("sub_a").isEmpty(), "an announced one goes before a live one");
    assertEquals(BillingDocument.MAX_SUBSCRIPTIONS + 1, doc.subscriptions().size());
  }

  @Test
  void primary_shouldBeTheEntitlingSubscription_whenAnotherOneEndedLater() {
    BillingDocument doc =
        BillingDocument.of(
            "cus_1", List.of(sub("sub_paid", "active", 100), sub("sub_old", "canceled", 900)));

    assertEquals("sub_paid", doc.primary().get().subscriptionId());
    assertTrue(BillingDocument.linked("cus_1", null).primary().isEmpty());
  }

  @Test
  void constructor_shouldRefuse_whenAnIdentifierCarriesACardNumber() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BillingDocument.linked("cus_4242424242424242", null));
    IllegalArgumentException s =
        assertThrows(
            IllegalArgumentException.class,
            () -> BillingSubscription.announced("sub_4242424242424242"));

    assertFalse(e.getMessage().contains("4242"), "names the field, never the value");
    assertFalse(s.getMessage().contains("4242"), "names the field, never the value");
  }

  @Test
  void constructor_shouldRefuse_whenFieldsAreInvalid() {
    assertThrows(IllegalArgumentException.class, () -> BillingDocument.linked(null, null));
    assertThrows(IllegalArgumentException.class, () -> BillingDocument.linked("cus 1", null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingSubscription("sub_1", "zombie", null, null, null, false, "evt_1", 1L));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingSubscription("sub_1", "active", null, -1L, null, false, "evt_1", 1L));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingSubscription("sub_1", "active", null, null, null, false, "evt_1", null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingSubscription("sub_1", null, null, null, null, false, "evt_1", 1L));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BillingDocument.of(
                "cus_1", List.of(sub("sub_1", "active", 1), sub("sub_1", "canceled", 2))));
    assertThrows(IllegalArgumentException.class, () -> new BillingDocument(1, "cus_1", List.of()));
  }
}
