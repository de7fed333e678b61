package dev.airlock.emulators.kms;

import static dev.airlock.emulators.kms.LocalKms.EAST;
import static dev.airlock.emulators.kms.LocalKms.WEST;
import static dev.airlock.emulators.kms.LocalKms.bytes;
import static dev.airlock.emulators.kms.LocalKms.createKey;
import static dev.airlock.emulators.kms.LocalKms.createMultiRegionKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;

/** The optional state file: keys, states and aliases survive a restart; the file is guarded. */
class LocalKmsPersistenceIT {

  private static final Map<String, String> CONTEXT = Map.of("account", "acct-9");

  @TempDir Path dir;

  private LocalKmsConfig config(Path stateFile) {
    return LocalKmsConfig.builder().stateFile(stateFile).build();
  }

  @Test
  void restart_shouldKeepKeysStatesAndAliases_soOldCiphertextStillDecrypts() {
    Path file = dir.resolve("kms-state.json");
    KeyMetadata live;
    KeyMetadata disabled;
    KeyMetadata pending;
    KeyMetadata mrk;
    GenerateDataKeyResponse dataKey;
    SdkBytes disabledBlob;
    SdkBytes pendingBlob;
    try (LocalKms first = LocalKms.start(config(file))) {
      KmsClient east = first.client(EAST);
      live = createKey(east, "live");
      disabled = createKey(east, "disabled");
      pending = createKey(east, "pending");
      mrk = createMultiRegionKey(east, "mrk");
      String mrkId = mrk.keyId();
      east.replicateKey(b -> b.keyId(mrkId).replicaRegion(WEST.id()));
      String liveId = live.keyId();
      east.createAlias(b -> b.aliasName("alias/airlock/live").targetKeyId(liveId));
      dataKey =
          east.generateDataKey(
              b ->
                  b.keyId("alias/airlock/live")
                      .keySpec(DataKeySpec.AES_256)
                      .encryptionContext(CONTEXT));
      disabledBlob = encrypt(east, disabled.keyId());
      pendingBlob = encrypt(east, pending.keyId());
      String disabledId = disabled.keyId();
      String pendingId = pending.keyId();
      east.disableKey(b -> b.keyId(disabledId));
      east.scheduleKeyDeletion(b -> b.keyId(pendingId).pendingWindowInDays(7));
      east.enableKeyRotation(b -> b.keyId(liveId));
    }

    try (LocalKms second = LocalKms.start(config(file))) {
      KmsClient east = second.client(EAST);
      KmsClient west = second.client(WEST);

      assertArrayEquals(
          dataKey.plaintext().asByteArray(),
          east.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(CONTEXT))
              .plaintext()
              .asByteArray());
      assertEquals(
          live.keyId(), east.describeKey(b -> b.keyId("alias/airlock/live")).keyMetadata().keyId());
      assertThrows(DisabledException.class, () -> decrypt(east, disabledBlob));
      assertThrows(KmsInvalidStateException.class, () -> decrypt(east, pendingBlob));
      String pendingId = pending.keyId();
      KeyMetadata pendingNow = east.describeKey(b -> b.keyId(pendingId)).keyMetadata();
      assertEquals(KeyState.PENDING_DELETION, pendingNow.keyState());
      String mrkId = mrk.keyId();
      SdkBytes mrkBlob = encrypt(east, mrkId);
      assertEquals("persisted", decrypt(west, mrkBlob));
      String liveId = live.keyId();
      assertTrue(east.getKeyRotationStatus(b -> b.keyId(liveId)).keyRotationEnabled());
      String disabledId = disabled.keyId();
      east.enableKey(b -> b.keyId(disabledId));
      assertEquals("persisted", decrypt(east, disabledBlob));
    }
  }

  @Test
  void stateFile_shouldCarryTheWarningAndBeReadableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("nested").resolve("kms.json");
    try (LocalKms kms = LocalKms.start(config(file))) {
      createKey(kms.client(EAST), "one");
    }

    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertEquals(
        "DEVELOPMENT ONLY - local KMS key material in plaintext; never use for real data",
        root.get("warning").asText());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file may be left behind");
    }
  }

  @Test
  void stateFile_shouldBeTightenedToOwnerOnly_whenFoundWithLaxPermissions() throws IOException {
    Path file = dir.resolve("kms.json");
    try (LocalKms kms = LocalKms.start(config(file))) {
      createKey(kms.client(EAST), "one");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    try (LocalKms kms = LocalKms.start(config(file))) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  @Test
  void start_shouldRefuseAndKeepTheFile_whenTheStateFileIsDamaged() throws IOException {
    Path file = dir.resolve("kms.json");
    Files.writeString(file, "{ not json", StandardCharsets.UTF_8);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> LocalKmsServer.start(config(file)));

    assertTrue(e.getMessage().contains(file.getFileName().toString()));
    assertEquals("{ not json", Files.readString(file));
  }

  @Test
  void start_shouldRefuse_whenTheStateFileBelongsToAnotherAccount() {
    Path file = dir.resolve("kms.json");
    try (LocalKms kms = LocalKms.start(config(file))) {
      createKey(kms.client(EAST), "one");
    }

    assertThrows(
        IllegalStateException.class,
        () ->
            LocalKmsServer.start(
                LocalKmsConfig.builder().stateFile(file).accountId("111111111111").build()));
  }

  @Test
  void inMemoryServer_shouldForgetKeys_whenRestarted() {
    String keyId;
    try (LocalKms kms = LocalKms.start()) {
      keyId = createKey(kms.client(EAST), "ephemeral").keyId();
    }
    try (LocalKms kms = LocalKms.start()) {
      assertFalse(
          kms.client(EAST).listKeys().keys().stream().anyMatch(k -> k.keyId().equals(keyId)));
    }
  }

  private static SdkBytes encrypt(KmsClient kms, String keyId) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(bytes("persisted")).encryptionContext(CONTEXT))
        .ciphertextBlob();
  }

  private static String decrypt(KmsClient kms, SdkBytes blob) {
    return kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT))
        .plaintext()
        .asUtf8String();
  }
}
