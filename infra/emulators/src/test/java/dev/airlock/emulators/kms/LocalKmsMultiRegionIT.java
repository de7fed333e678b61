package dev.airlock.emulators.kms;

import static dev.airlock.emulators.kms.LocalKms.EAST;
import static dev.airlock.emulators.kms.LocalKms.WEST;
import static dev.airlock.emulators.kms.LocalKms.bytes;
import static dev.airlock.emulators.kms.LocalKms.createKey;
import static dev.airlock.emulators.kms.LocalKms.createMultiRegionKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.emulators.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** Multi-region keys: a replica in us-west-2 opens what its us-east-1 primary sealed. */
class LocalKmsMultiRegionIT {

  private static final Map<String, String> CONTEXT = Map.of("snapshot", "2030-01-01");

  private static MutableClock clock;
  private static LocalKms local;
  private static KmsClient east;
  private static KmsClient west;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    local = LocalKms.start(LocalKmsConfig.builder().clock(clock).build());
    east = local.client(EAST);
    west = local.client(WEST);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  private static KeyMetadata replicatedKey(String description) {
    KeyMetadata primary = createMultiRegionKey(east, description);
    east.replicateKey(b -> b.keyId(primary.keyId()).replicaRegion(WEST.id()));
    return primary;
  }

  private static GenerateDataKeyResponse dataKey(KmsClient kms, String keyId) {
    return kms.generateDataKey(
        b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));
  }

  private static SdkBytes decrypt(KmsClient kms, SdkBytes blob) {
    return kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT)).plaintext();
  }

  @Test
  void createKey_shouldIssueAnMrkIdAndPrimaryConfiguration_whenMultiRegionIsTrue() {
    KeyMetadata primary = createMultiRegionKey(east, "mrk");

    assertTrue(primary.keyId().matches("mrk-[0-9a-f]{32}"), primary.keyId());
    assertTrue(primary.multiRegion());
    assertEquals(
        MultiRegionKeyType.PRIMARY, primary.multiRegionConfiguration().multiRegionKeyType());
    assertEquals("us-east-1", primary.multiRegionConfiguration().primaryKey().region());
    assertEquals(primary.arn(), primary.multiRegionConfiguration().primaryKey().arn());
    assertTrue(primary.multiRegionConfiguration().replicaKeys().isEmpty());
  }

  @Test
  void replicateKey_shouldCreateAReplicaWithTheSameIdInTheReplicaRegion() {
    KeyMetadata primary = createMultiRegionKey(east, "to replicate");

    ReplicateKeyResponse replicated =
        east.replicateKey(
            b ->
                b.keyId(primary.arn())
                    .replicaRegion(WEST.id())
                    .description("replica")
                    .tags(t -> t.tagKey("role").tagValue("dr")));

    KeyMetadata replica = replicated.replicaKeyMetadata();
    assertEquals(primary.keyId(), replica.keyId());
    assertEquals("arn:aws:kms:us-west-2:000000000000:key/" + primary.keyId(), replica.arn());
    assertEquals(KeyState.ENABLED, replica.keyState());
    assertEquals(
        MultiRegionKeyType.REPLICA, replica.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(primary.arn(), replica.multiRegionConfiguration().primaryKey().arn());
    assertEquals("replica", replica.description());
    assertEquals("dr", replicated.replicaTags().get(0).tagValue());
    assertTrue(replicated.replicaPolicy().contains("arn:aws:iam::000000000000:root"));
    KeyMetadata describedPrimary = east.describeKey(b -> b.keyId(primary.keyId())).keyMetadata();
    assertEquals(
        List.of("us-west-2"),
        describedPrimary.multiRegionConfiguration().replicaKeys().stream()
            .map(r -> r.region())
            .toList());
    assertEquals(
        replica.arn(), west.describeKey(b -> b.keyId(primary.keyId())).keyMetadata().arn());
  }

  @Test
  void decrypt_shouldOpenPrimaryCiphertextInTheReplicaRegion_andViceVersa() {
    KeyMetadata primary = replicatedKey("shared material");
    GenerateDataKeyResponse fromEast = dataKey(east, primary.keyId());
    GenerateDataKeyResponse fromWest = dataKey(west, primary.keyId());

    assertEquals(fromEast.plaintext(), decrypt(west, fromEast.ciphertextBlob()));
    assertEquals(fromWest.plaintext(), decrypt(east, fromWest.ciphertextBlob()));
    assertEquals(
        "arn:aws:kms:us-west-2:000000000000:key/" + primary.keyId(),
        west.decrypt(b -> b.ciphertextBlob(fromEast.ciphertextBlob()).encryptionContext(CONTEXT))
            .keyId(),
        "the replica region answers with the replica's ARN");
  }

  @Test
  void disablingTheReplica_shouldBlockDecryptThere_butNotInThePrimaryRegion() {
    KeyMetadata primary = replicatedKey("independent state");
    GenerateDataKeyResponse dataKey = dataKey(east, primary.keyId());

    west.disableKey(b -> b.keyId(primary.keyId()));

    assertThrows(DisabledException.class, () -> decrypt(west, dataKey.ciphertextBlob()));
    assertEquals(dataKey.plaintext(), decrypt(east, dataKey.ciphertextBlob()));
    assertEquals(
        KeyState.ENABLED, east.describeKey(b -> b.keyId(primary.keyId())).keyMetadata().keyState());
  }

  @Test
  void disablingPrimaryAndReplica_shouldShredEveryRegionsCopy() {
    KeyMetadata primary = replicatedKey("tenant");
    GenerateDataKeyResponse dataKey = dataKey(east, primary.keyId());

    east.disableKey(b -> b.keyId(primary.keyId()));
    west.disableKey(b -> b.keyId(primary.keyId()));

    assertThrows(DisabledException.class, () -> decrypt(east, dataKey.ciphertextBlob()));
    assertThrows(DisabledException.class, () -> decrypt(west, dataKey.ciphertextBlob()));
  }

  @Test
  void decrypt_shouldFailWithInvalidCiphertext_whenASingleRegionKeysBlobIsOpenedInAnotherRegion() {
    KeyMetadata regional = createKey(east, "single region");
    GenerateDataKeyResponse dataKey = dataKey(east, regional.keyId());

    assertThrows(InvalidCiphertextException.class, () -> decrypt(west, dataKey.ciphertextBlob()));
    assertThrows(NotFoundException.class, () -> west.describeKey(b -> b.keyId(regional.keyId())));
  }

  @Test
  void decrypt_shouldFailWithInvalidCiphertext_whenTheMultiRegionKeyHasNoReplicaInThatRegion() {
    KeyMetadata primary = createMultiRegionKey(east, "not replicated");
    GenerateDataKeyResponse dataKey = dataKey(east, primary.keyId());

    assertThrows(InvalidCiphertextException.class, () -> decrypt(west, dataKey.ciphertextBlob()));
  }

  @Test
  void replicateKey_shouldBeRefused_whenAReplicaExistsOrTheKeyIsNotAPrimary() {
    KeyMetadata primary = replicatedKey("once");
    KeyMetadata regional = createKey(east, "regional");

    assertThrows(
        AlreadyExistsException.class,
        () -> east.replicateKey(b -> b.keyId(primary.keyId()).replicaRegion(WEST.id())));
    assertThrows(
        UnsupportedOperationException.class,
        () -> west.replicateKey(b -> b.keyId(primary.keyId()).replicaRegion("eu-west-1")));
    assertThrows(
        UnsupportedOperationException.class,
        () -> east.replicateKey(b -> b.keyId(regional.keyId()).replicaRegion(WEST.id())));
  }

  @Test
  void scheduleKeyDeletion_ofAPrimaryWithReplicas_shouldWaitForTheReplicasToBeDeleted() {
    KeyMetadata primary = replicatedKey("delete in order");
    GenerateDataKeyResponse dataKey = dataKey(east, primary.keyId());

    ScheduleKeyDeletionResponse primaryScheduled =
        east.scheduleKeyDeletion(b -> b.keyId(primary.keyId()).pendingWindowInDays(7));
    assertEquals(KeyState.PENDING_REPLICA_DELETION, primaryScheduled.keyState());
    assertNull(primaryScheduled.deletionDate());
    KeyMetadata described = east.describeKey(b -> b.keyId(primary.keyId())).keyMetadata();
    assertEquals(7, described.pendingDeletionWindowInDays());
    assertThrows(KmsInvalidStateException.class, () -> decrypt(east, dataKey.ciphertextBlob()));
    assertEquals(dataKey.plaintext(), decrypt(west, dataKey.ciphertextBlob()));

    ScheduleKeyDeletionResponse replicaScheduled =
        west.scheduleKeyDeletion(b -> b.keyId(primary.keyId()).pendingWindowInDays(7));
    assertEquals(KeyState.PENDING_DELETION, replicaScheduled.keyState());

    clock.advance(Duration.ofDays(7));
    assertThrows(NotFoundException.class, () -> decrypt(west, dataKey.ciphertextBlob()));
    KeyMetadata promoted = east.describeKey(b -> b.keyId(primary.keyId())).keyMetadata();
    assertEquals(KeyState.PENDING_DELETION, promoted.keyState());
    assertEquals(replicaScheduled.deletionDate().plus(Duration.ofDays(7)), promoted.deletionDate());

    clock.advance(Duration.ofDays(7));
    assertThrows(NotFoundException.class, () -> east.describeKey(b -> b.keyId(primary.keyId())));
  }

  @Test
  void keyRotation_shouldBeSetOnThePrimaryAndSharedWithReplicas() {
    KeyMetadata primary = replicatedKey("rotating");

    east.enableKeyRotation(b -> b.keyId(primary.keyId()));

    assertTrue(west.getKeyRotationStatus(b -> b.keyId(primary.keyId())).keyRotationEnabled());
    assertThrows(
        UnsupportedOperationException.class,
        () -> west.disableKeyRotation(b -> b.keyId(primary.keyId())));
  }

  @Test
  void aliases_shouldBePerRegion_evenForAMultiRegionKey() {
    KeyMetadata primary = replicatedKey("aliased");
    east.createAlias(b -> b.aliasName("alias/airlock/backup").targetKeyId(primary.keyId()));

    assertEquals(
        primary.keyId(),
        east.describeKey(b -> b.keyId("alias/airlock/backup")).keyMetadata().keyId());
    assertThrows(
        NotFoundException.class, () -> west.describeKey(b -> b.keyId("alias/airlock/backup")));
    west.createAlias(b -> b.aliasName("alias/airlock/backup").targetKeyId(primary.keyId()));
    assertEquals(
        "hi",
        west.decrypt(
                b ->
                    b.ciphertextBlob(
                        east.encrypt(e -> e.keyId("alias/airlock/backup").plaintext(bytes("hi")))
                            .ciphertextBlob()))
            .plaintext()
            .asUtf8String());
  }
}
