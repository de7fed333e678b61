package dev.airlock.emulators.kms;

import static dev.airlock.emulators.kms.LocalKms.EAST;
import static dev.airlock.emulators.kms.LocalKms.bytes;
import static dev.airlock.emulators.kms.LocalKms.createKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.emulators.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;

/** Key state: what disabled and deletion-pending keys refuse, and the deletion waiting period. */
class LocalKmsKeyStateIT {

  private static final Map<String, String> CONTEXT = Map.of("account", "acct-7");
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private static MutableClock clock;
  private static LocalKms local;
  private static KmsClient kms;

  @BeforeAll
  static void start() {
    clock = new MutableClock(START);
    local = LocalKms.start(LocalKmsConfig.builder().clock(clock).build());
    kms = local.client(EAST);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  private static SdkBytes encrypt(String keyId) {
    return kms.encrypt(
            b -> b.keyId(keyId).plaintext(bytes("tenant data")).encryptionContext(CONTEXT))
        .ciphertextBlob();
  }

  private static String decrypt(SdkBytes blob) {
    return kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT))
        .plaintext()
        .asUtf8String();
  }

  @Test
  void disabledKey_shouldRefuseGenerateEncryptAndDecrypt_untilReEnabled() {
    KeyMetadata key = createKey(kms, "disable me");
    SdkBytes blob = encrypt(key.keyId());

    kms.disableKey(b -> b.keyId(key.keyId()));

    assertThrows(
        DisabledException.class,
        () -> kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)));
    assertThrows(DisabledException.class, () -> encrypt(key.keyId()));
    assertThrows(DisabledException.class, () -> decrypt(blob));
    KeyMetadata described = kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata();
    assertEquals(KeyState.DISABLED, described.keyState());
    assertFalse(described.enabled());

    kms.enableKey(b -> b.keyId(key.keyId()));

    assertEquals("tenant data", decrypt(blob));
    assertEquals("tenant data", decrypt(encrypt(key.keyId())));
    assertTrue(kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().enabled());
  }

  @Test
  void scheduleKeyDeletion_shouldMakeTheKeyUnusableWithInvalidState_andReportTheDeletionDate() {
    KeyMetadata key = createKey(kms, "shred me");
    SdkBytes blob = encrypt(key.keyId());

    ScheduleKeyDeletionResponse scheduled =
        kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(7));

    assertEquals(KeyState.PENDING_DELETION, scheduled.keyState());
    assertEquals(key.arn(), scheduled.keyId());
    assertEquals(7, scheduled.pendingWindowInDays());
    assertEquals(clock.instant().plus(Duration.ofDays(7)), scheduled.deletionDate());
    assertThrows(KmsInvalidStateException.class, () -> decrypt(blob));
    assertThrows(KmsInvalidStateException.class, () -> encrypt(key.keyId()));
    assertThrows(
        KmsInvalidStateException.class,
        () -> kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)));
    assertThrows(KmsInvalidStateException.class, () -> kms.disableKey(b -> b.keyId(key.keyId())));
    assertThrows(KmsInvalidStateException.class, () -> kms.enableKey(b -> b.keyId(key.keyId())));
    assertThrows(
        KmsInvalidStateException.class, () -> kms.scheduleKeyDeletion(b -> b.keyId(key.keyId())));
    KeyMetadata described = kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata();
    assertEquals(KeyState.PENDING_DELETION, described.keyState());
    assertEquals(scheduled.deletionDate(), described.deletionDate());
  }

  @Test
  void scheduleKeyDeletion_shouldDefaultToThirtyDays_whenNoWindowIsGiven() {
    KeyMetadata key = createKey(kms, "default window");

    ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()));

    assertEquals(30, scheduled.pendingWindowInDays());
    assertEquals(clock.instant().plus(Duration.ofDays(30)), scheduled.deletionDate());
  }

  @Test
  void cancelKeyDeletion_shouldLeaveTheKeyDisabled_asKmsDoes() {
    KeyMetadata key = createKey(kms, "reprieve");
    SdkBytes blob = encrypt(key.keyId());
    kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(7));

    kms.cancelKeyDeletion(b -> b.keyId(key.keyId()));

    KeyMetadata described = kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata();
    assertEquals(KeyState.DISABLED, described.keyState());
    assertNull(described.deletionDate());
    assertThrows(DisabledException.class, () -> decrypt(blob));
    kms.enableKey(b -> b.keyId(key.keyId()));
    assertEquals("tenant data", decrypt(blob));
  }

  @Test
  void cancelKeyDeletion_shouldFailWithInvalidState_whenTheKeyIsNotPendingDeletion() {
    KeyMetadata key = createKey(kms, "not pending");

    assertThrows(
        KmsInvalidStateException.class, () -> kms.cancelKeyDeletion(b -> b.keyId(key.keyId())));
  }

  @Test
  void scheduleKeyDeletion_shouldFailValidation_whenTheWindowIsOutsideSevenToThirtyDays() {
    KeyMetadata key = createKey(kms, "window");

    for (int days : new int[] {1, 6, 31, 365}) {
      KmsException e =
          assertThrows(
              KmsException.class,
              () -> kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(days)));
      assertEquals("ValidationException", e.awsErrorDetails().errorCode(), "days " + days);
      assertEquals(400, e.statusCode());
    }
    assertEquals(
        KeyState.ENABLED, kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().keyState());
  }

  @Test
  void deletedKey_shouldBeGoneWithItsAliases_afterTheWaitingPeriodEnds() {
    KeyMetadata key = createKey(kms, "gone");
    kms.createAlias(b -> b.aliasName("alias/airlock/tenant/gone").targetKeyId(key.keyId()));
    SdkBytes blob = encrypt(key.keyId());
    kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(7));

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertEquals(
        KeyState.PENDING_DELETION,
        kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().keyState());

    clock.advance(Duration.ofSeconds(1));
    assertThrows(NotFoundException.class, () -> kms.describeKey(b -> b.keyId(key.keyId())));
    assertThrows(
        NotFoundException.class, () -> kms.describeKey(b -> b.keyId("alias/airlock/tenant/gone")));
    assertThrows(NotFoundException.class, () -> decrypt(blob));
    assertTrue(
        kms.listKeys().keys().stream().noneMatch(k -> k.keyId().equals(key.keyId())),
        "ListKeys must not list a deleted key");
    assertTrue(
        kms.listAliases().aliases().stream()
            .noneMatch(a -> a.aliasName().equals("alias/airlock/tenant/gone")));
  }

  @Test
  void pendingDeletionKey_shouldRefuseAliasAndTagChanges_butStillBeDescribed() {
    KeyMetadata key = createKey(kms, "frozen");
    kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(30));

    assertThrows(
        KmsInvalidStateException.class,
        () -> kms.createAlias(b -> b.aliasName("alias/frozen").targetKeyId(key.keyId())));
    assertThrows(
        KmsInvalidStateException.class,
        () ->
            kms.tagResource(
                b -> b.keyId(key.keyId()).tags(t -> t.tagKey("team").tagValue("airlock"))));
    assertThrows(
        KmsInvalidStateException.class, () -> kms.enableKeyRotation(b -> b.keyId(key.keyId())));
    assertEquals(
        KeyState.PENDING_DELETION,
        kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().keyState());
  }

  @Test
  void keyRotation_shouldBeToggledAndReported_andRefusedOnADisabledKey() {
    KeyMetadata key = createKey(kms, "rotate");

    assertFalse(kms.getKeyRotationStatus(b -> b.keyId(key.keyId())).keyRotationEnabled());
    kms.enableKeyRotation(b -> b.keyId(key.keyId()).rotationPeriodInDays(180));
    var status = kms.getKeyRotationStatus(b -> b.keyId(key.arn()));
    assertTrue(status.keyRotationEnabled());
    assertEquals(180, status.rotationPeriodInDays());
    assertEquals(clock.instant().plus(Duration.ofDays(180)), status.nextRotationDate());

    kms.disableKeyRotation(b -> b.keyId(key.keyId()));
    assertFalse(kms.getKeyRotationStatus(b -> b.keyId(key.keyId())).keyRotationEnabled());

    kms.disableKey(b -> b.keyId(key.keyId()));
    assertThrows(DisabledException.class, () -> kms.enableKeyRotation(b -> b.keyId(key.keyId())));
  }
}
