package dev.airlock.core.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import org.junit.jupiter.api.Test;

class AccountDeletionMessageTest {

  @Test
  void subscriptionCanceled_shouldCarryExactlyTheIdentifiers_whenSerialized() {
    AccountDeletionMessage m =
        AccountDeletionMessage.subscriptionCanceled("acme-co", "evt_1PgcAbC");

    assertEquals(
        "{\"version\":1,\"accountId\":\"acme-co\",\"reason\":\"subscription-canceled\","
            + "\"requestedBy\":\"stripe:evt_1PgcAbC\"}",
        Json.writeString(m));
    assertEquals(m, Json.read(Json.writeString(m), AccountDeletionMessage.class));
  }

  @Test
  void constructor_shouldRefuseAndNameTheFieldOnly_whenAFieldIsMalformed() {
    IllegalArgumentException account =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AccountDeletionMessage(1, "Acme Co!", "operator", "ticket-1"));
    assertEquals("accountId is invalid", account.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccountDeletionMessage(1, "acme-co", "Not A Token", "ticket-1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccountDeletionMessage(1, "acme-co", "operator", "has space"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccountDeletionMessage(1, "acme-co", "operator", null));
    IllegalArgumentException secret =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AccountDeletionMessage(1, "acme-co", "operator", "ghp_" + "a".repeat(36)));
    assertFalse(secret.getMessage().contains("ghp_"), "the value is never echoed");
    assertThrows(
        IllegalArgumentException.class,
        () -> AccountDeletionMessage.subscriptionCanceled("acme-co", "cus_123"));
  }

  @Test
  void read_shouldRefuse_whenTheVersionIsUnknown() {
    assertThrows(
        MalformedJsonException.class,
        () ->
            Json.read(
                "{\"version\":2,\"accountId\":\"acme-co\",\"reason\":\"operator\","
                    + "\"requestedBy\":\"ticket-1\"}",
                AccountDeletionMessage.class));
  }
}
