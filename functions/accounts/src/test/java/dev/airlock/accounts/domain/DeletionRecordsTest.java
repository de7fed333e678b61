package dev.airlock.accounts.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.audit.RedactionGuard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request, settings, certificate and progress record: validation and their JSON forms. */
class DeletionRecordsTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void request_shouldDefaultTheReasonAndDropABlankRequester() {
    AccountDeletionRequest r = new AccountDeletionRequest("acme", " ", "");
    assertEquals("customer-request", r.reason());
    assertNull(r.requestedBy());
  }

  @Test
  void request_shouldRefuseInvalidFields_withoutEchoingThem() {
    IllegalArgumentException account =
        assertThrows(IllegalArgumentException.class, () -> AccountDeletionRequest.of("../etc"));
    assertFalse(account.getMessage().contains("etc"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccountDeletionRequest("acme", "Bad Reason", null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccountDeletionRequest("acme", null, "ghp_" + "a".repeat(36)));
    assertThrows(
        IllegalArgumentException.class, () -> new AccountDeletionRequest("acme", null, "a b"));
  }

  @Test
  void settings_shouldAllowOnlyWhatKmsAndS3Allow() {
    assertEquals(7, DeletionSettings.defaults().pendingWindowDays());
    assertThrows(IllegalArgumentException.class, () -> new DeletionSettings(6, 10));
    assertThrows(IllegalArgumentException.class, () -> new DeletionSettings(31, 10));
    assertThrows(IllegalArgumentException.class, () -> new DeletionSettings(7, 0));
    assertThrows(IllegalArgumentException.class, () -> new DeletionSettings(7, 1001));
  }

  private static DeletionCertificate certificate() {
    return new DeletionCertificate(
        DeletionCertificate.VERSION,
        "acme",
        "customer-request",
        "ticket-1",
        T,
        T.plusSeconds(30),
        3,
        List.of(
            new RegionPurge("primary", "us-east-1", "airlock-state", 8, 10),
            new RegionPurge("standby", "us-west-2", "airlock-state-standby", 7, 8)),
        "mrk-0123456789abcdef0123456789abcdef",
        List.of(
            new KeyDestruction(
                "us-east-1",
                "arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef",
                "PendingReplicaDeletion",
                null),
            new KeyDestruction(
                "us-west-2",
                "arn:aws:kms:us-west-2:111122223333:key/mrk-0123456789abcdef0123456789abcdef",
                "PendingDeletion",
                T.plusSeconds(7 * 86400))),
        T.plusSeconds(10),
        T.plusSeconds(14 * 86400),
        7);
  }

  @Test
  void certificate_shouldRoundTripThroughJson_andHoldIdentifiersOnly() {
    DeletionCertificate c = certificate();
    byte[] json = c.toJson();

    assertEquals(c, DeletionCertificate.fromJson(json));
    assertTrue(RedactionGuard.isClean(new String(json, StandardCharsets.UTF_8)));
    assertEquals(18, c.totalVersions());
    assertEquals(7, c.region("standby").orElseThrow().objects());
  }

  @Test
  void certificate_shouldRefuseAKeyIdWithoutKeyCopies() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DeletionCertificate(
                1, "acme", "x", null, T, T, 0, List.of(), "mrk-1", List.of(), null, null, 7));
  }

  @Test
  void progress_shouldRoundTripThroughJson_withAPendingBatch() {
    DeletionProgress p =
        DeletionProgress.start(AccountDeletionRequest.of("acme"), T)
            .withLookupKeys(List.of("lookup/b.json", "lookup/a.json", "lookup/b.json"))
            .withTally(
                new DeletionProgress.RegionTally(
                    "primary", "us-east-1", "airlock-state", 2, 3, "tenants/acme/x"))
            .withPending(
                new DeletionProgress.PendingBatch(
                    "primary",
                    List.of(new VersionRef("tenants/acme/y", "v1")),
                    1,
                    "tenants/acme/y"))
            .withStep(DeletionStep.WORK_STOPPED);

    DeletionProgress back = DeletionProgress.fromJson(p.toJson());

    assertEquals(p, back);
    assertEquals(List.of("lookup/a.json", "lookup/b.json"), back.lookupKeys());
    assertEquals(DeletionStep.WORK_STOPPED, back.currentStep());
    assertTrue(back.currentStep().reached(DeletionStep.STARTED));
    assertFalse(back.currentStep().reached(DeletionStep.STATE_PURGED));
  }

  @Test
  void progress_shouldRefuseAnUnknownStep() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DeletionProgress(
                1,
                "acme",
                "r",
                null,
                T,
                "HALF_DONE",
                List.of(),
                List.of(),
                null,
                false,
                null,
                List.of(),
                null));
  }
}
