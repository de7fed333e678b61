package dev.airlock.core.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BillingDocumentTest {

  private static BillingDocument active() {
    return new BillingDocument(
        "cus_1", "sub_1", "active", "price_1", 2L, 1_800_000_000L, true, "evt_1", 1_700_000_000L);
  }

  @Test
  void toJson_shouldRoundTripEveryField_whenDocumentIsComplete() {
    BillingDocument doc = active();

    assertEquals(doc, BillingDocument.fromJson(doc.toJson()));
  }

  @Test
  void toJson_shouldHoldOnlyTheAllowListedFields_whenSerialized() {
    String json = new String(active().toJson(), StandardCharsets.UTF_8);

    for (String field :
        new String[] {"customerId", "subscriptionId", "status", "priceId", "quantity"}) {
      assertEquals(1, json.split("\"" + field + "\"", -1).length - 1, field);
    }
    assertFalse(json.contains("last4"));
  }

  @Test
  void constructor_shouldRefuse_whenAnIdentifierCarriesACardNumber() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BillingDocument.linked("cus_4242424242424242", null));

    assertFalse(e.getMessage().contains("4242"), "names the field, never the value");
  }

  @Test
  void constructor_shouldRefuse_whenFieldsAreInvalid() {
    assertThrows(IllegalArgumentException.class, () -> BillingDocument.linked(null, null));
    assertThrows(IllegalArgumentException.class, () -> BillingDocument.linked("cus 1", null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingDocument("cus_1", null, "zombie", null, null, null, false, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingDocument("cus_1", null, null, null, -1L, null, false, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BillingDocument("cus_1", null, null, null, null, null, false, "evt_1", null));
  }
}
