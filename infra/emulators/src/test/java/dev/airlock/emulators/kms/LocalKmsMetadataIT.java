package dev.airlock.emulators.kms;

import static dev.airlock.emulators.kms.LocalKms.EAST;
import static dev.airlock.emulators.kms.LocalKms.WEST;
import static dev.airlock.emulators.kms.LocalKms.createKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** DescribeKey, ListKeys, aliases and tags: shapes and refusals. */
class LocalKmsMetadataIT {

  private static LocalKms local;
  private static KmsClient kms;

  @BeforeAll
  static void start() {
    local = LocalKms.start(LocalKmsConfig.builder().accountId("123456789012").build());
    kms = local.client(EAST);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void describeKey_shouldReturnTheFullKeyMetadataShape_forANewKey() {
    Instant before = Instant.now().minusSeconds(1);
    KeyMetadata created =
        kms.createKey(
                b ->
                    b.description("tenant key")
                        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                        .tags(Tag.builder().tagKey("tenant").tagValue("t-1").build()))
            .keyMetadata();

    KeyMetadata m = kms.describeKey(b -> b.keyId(created.keyId())).keyMetadata();

    assertTrue(
        m.keyId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        m.keyId());
    assertEquals("arn:aws:kms:us-east-1:123456789012:key/" + m.keyId(), m.arn());
    assertEquals("123456789012", m.awsAccountId());
    assertEquals("tenant key", m.description());
    assertEquals(KeyState.ENABLED, m.keyState());
    assertTrue(m.enabled());
    assertEquals(KeyUsageType.ENCRYPT_DECRYPT, m.keyUsage());
    assertEquals(KeySpec.SYMMETRIC_DEFAULT, m.keySpec());
    assertEquals(KeyManagerType.CUSTOMER, m.keyManager());
    assertEquals(OriginType.AWS_KMS, m.origin());
    assertEquals(List.of(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT), m.encryptionAlgorithms());
    assertFalse(m.multiRegion());
    assertNull(m.multiRegionConfiguration());
    assertNull(m.deletionDate());
    assertTrue(
        m.creationDate().isAfter(before)
            && m.creationDate().isBefore(Instant.now().plusSeconds(1)));
    assertEquals(
        List.of(Tag.builder().tagKey("tenant").tagValue("t-1").build()),
        kms.listResourceTags(b -> b.keyId(m.keyId())).tags());
  }

  @Test
  void describeKey_shouldFailWithNotFound_whenNoSuchKeyOrAliasExists() {
    assertThrows(
        NotFoundException.class,
        () -> kms.describeKey(b -> b.keyId("00000000-0000-0000-0000-000000000000")));
    assertThrows(NotFoundException.class, () -> kms.describeKey(b -> b.keyId("alias/nothing")));
    assertThrows(
        NotFoundException.class,
        () ->
            kms.describeKey(
                b ->
                    b.keyId(
                        "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000000")));
  }

  @Test
  void keyArn_shouldOnlyResolveInItsOwnRegionAndAccount() {
    KeyMetadata key = createKey(kms, "arn scoped");
    KmsClient west = local.client(WEST);

    assertThrows(NotFoundException.class, () -> west.describeKey(b -> b.keyId(key.arn())));
    assertThrows(
        NotFoundException.class,
        () -> kms.describeKey(b -> b.keyId(key.arn().replace("123456789012", "999999999999"))));
  }

  @Test
  void createKey_shouldRefuseAsymmetricKeySpecs_asThisStandInSupportsSymmetricOnly() {
    assertThrows(
        UnsupportedOperationException.class,
        () -> kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)));
  }

  @Test
  void listKeys_shouldPageThroughEveryKeyOfTheRegion_withMarkers() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(createKey(kms, "page " + i).keyId());
    }

    Set<String> listed = new HashSet<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListKeysResponse page = kms.listKeys(b -> b.limit(2).marker(m));
      assertTrue(page.keys().size() <= 2);
      for (KeyListEntry e : page.keys()) {
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/" + e.keyId(), e.keyArn());
        listed.add(e.keyId());
      }
      marker = page.truncated() ? page.nextMarker() : null;
      pages++;
    } while (marker != null);

    assertTrue(listed.containsAll(created));
    assertTrue(pages >= 3);
    assertEquals(
        listed,
        kms.listKeysPaginator(b -> b.limit(3)).keys().stream()
            .map(KeyListEntry::keyId)
            .collect(Collectors.toSet()));
    assertThrows(InvalidMarkerException.class, () -> kms.listKeys(b -> b.marker("bogus")));
  }

  @Test
  void listKeys_shouldListNothingFromOtherRegions() {
    KeyMetadata eastKey = createKey(kms, "east only");

    assertTrue(
        local.client(Region.of("eu-central-1")).listKeys().keys().stream()
            .noneMatch(k -> k.keyId().equals(eastKey.keyId())));
  }

  @Test
  void aliases_shouldBeCreatedListedUpdatedAndDeleted() {
    KeyMetadata first = createKey(kms, "first");
    KeyMetadata second = createKey(kms, "second");

    kms.createAlias(b -> b.aliasName("alias/airlock/state").targetKeyId(first.arn()));
    kms.createAlias(b -> b.aliasName("alias/airlock/other").targetKeyId(first.keyId()));

    List<AliasListEntry> forFirst = kms.listAliases(b -> b.keyId(first.keyId())).aliases();
    assertEquals(
        List.of("alias/airlock/other", "alias/airlock/state"),
        forFirst.stream().map(AliasListEntry::aliasName).toList());
    AliasListEntry state = forFirst.get(1);
    assertEquals("arn:aws:kms:us-east-1:123456789012:alias/airlock/state", state.aliasArn());
    assertEquals(first.keyId(), state.targetKeyId());
    assertNotNull(state.creationDate());
    assertNotNull(state.lastUpdatedDate());

    kms.updateAlias(b -> b.aliasName("alias/airlock/state").targetKeyId(second.keyId()));
    assertEquals(
        second.keyId(), kms.describeKey(b -> b.keyId("alias/airlock/state")).keyMetadata().keyId());
    assertEquals(
        List.of("alias/airlock/state"),
        kms.listAliases(b -> b.keyId(second.arn())).aliases().stream()
            .map(AliasListEntry::aliasName)
            .toList());

    kms.deleteAlias(b -> b.aliasName("alias/airlock/state"));
    assertThrows(
        NotFoundException.class, () -> kms.describeKey(b -> b.keyId("alias/airlock/state")));
    assertThrows(
        NotFoundException.class, () -> kms.deleteAlias(b -> b.aliasName("alias/airlock/state")));
    assertTrue(kms.listAliases(b -> b.keyId(second.keyId())).aliases().isEmpty());
  }

  @Test
  void createAlias_shouldFailWithAlreadyExists_whenTheNameIsTaken() {
    KeyMetadata key = createKey(kms, "dup");
    KeyMetadata other = createKey(kms, "dup 2");
    kms.createAlias(b -> b.aliasName("alias/dup").targetKeyId(key.keyId()));

    assertThrows(
        AlreadyExistsException.class,
        () -> kms.createAlias(b -> b.aliasName("alias/dup").targetKeyId(other.keyId())));
    assertEquals(key.keyId(), kms.describeKey(b -> b.keyId("alias/dup")).keyMetadata().keyId());
  }

  @Test
  void createAlias_shouldRefuseBadNamesAndAliasTargets() {
    KeyMetadata key = createKey(kms, "names");
    kms.createAlias(b -> b.aliasName("alias/names").targetKeyId(key.keyId()));

    assertThrows(
        InvalidAliasNameException.class,
        () -> kms.createAlias(b -> b.aliasName("no-prefix").targetKeyId(key.keyId())));
    assertThrows(
        InvalidAliasNameException.class,
        () -> kms.createAlias(b -> b.aliasName("alias/aws/s3").targetKeyId(key.keyId())));
    assertThrows(
        NotFoundException.class,
        () -> kms.createAlias(b -> b.aliasName("alias/names2").targetKeyId("alias/names")));
    assertThrows(
        NotFoundException.class,
        () -> kms.updateAlias(b -> b.aliasName("alias/missing").targetKeyId(key.keyId())));
  }

  @Test
  void keyManagementOperations_shouldNotAcceptAnAlias_asInKms() {
    KeyMetadata key = createKey(kms, "managed by id");
    kms.createAlias(b -> b.aliasName("alias/managed").targetKeyId(key.keyId()));

    assertThrows(NotFoundException.class, () -> kms.disableKey(b -> b.keyId("alias/managed")));
    assertThrows(
        NotFoundException.class, () -> kms.scheduleKeyDeletion(b -> b.keyId("alias/managed")));
    assertEquals(
        KeyState.ENABLED, kms.describeKey(b -> b.keyId("alias/managed")).keyMetadata().keyState());
  }

  @Test
  void tags_shouldBeAddedListedAndRemoved() {
    KeyMetadata key = createKey(kms, "tags");

    kms.tagResource(
        b ->
            b.keyId(key.keyId())
                .tags(
                    Tag.builder().tagKey("b").tagValue("2").build(),
                    Tag.builder().tagKey("a").tagValue("1").build()));
    kms.untagResource(b -> b.keyId(key.arn()).tagKeys("b"));

    assertEquals(
        Map.of("a", "1"),
        kms.listResourceTags(b -> b.keyId(key.keyId())).tags().stream()
            .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue)));
  }

  @Test
  void updateKeyDescription_shouldChangeTheDescription() {
    KeyMetadata key = createKey(kms, "before");

    kms.updateKeyDescription(b -> b.keyId(key.keyId()).description("after"));

    assertEquals("after", kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata().description());
  }

  @Test
  void scheduledKey_shouldShowDeletionDateInDescribeKey() {
    KeyMetadata key = createKey(kms, "scheduled");

    var scheduled = kms.scheduleKeyDeletion(b -> b.keyId(key.keyId()).pendingWindowInDays(10));

    KeyMetadata m = kms.describeKey(b -> b.keyId(key.keyId())).keyMetadata();
    assertEquals(scheduled.deletionDate(), m.deletionDate());
    assertFalse(m.enabled());
    assertTrue(Duration.between(Instant.now(), m.deletionDate()).compareTo(Duration.ofDays(9)) > 0);
  }
}
