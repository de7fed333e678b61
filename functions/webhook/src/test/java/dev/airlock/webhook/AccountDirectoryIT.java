package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.domain.AccountDeletedException;
import dev.airlock.webhook.domain.AccountDirectory;
import dev.airlock.webhook.domain.EnrollmentService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Account profiles are tenant documents: creating one creates the account's tenant key (in both
 * regions), stores only ciphertext, and never happens again for a deleted account.
 */
@ExtendWith(LocalAwsExtension.class)
class AccountDirectoryIT {
  private LocalAws aws;
  private StateStore store;
  private TenantDocuments docs;
  private AccountDirectory accounts;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    store = new S3StateStore(aws.s3(), aws.bucket("StateBucket"), aws.keyId("StateKey"));
    docs =
        new TenantDocuments(
            store,
            new TenantVault(
                new KmsDataKeyProvider(aws.kms()),
                new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion())));
    accounts =
        new AccountDirectory(
            store, docs, new DeletedAccounts(store), SerdeJsonCodec.createDefault());
  }

  private static String newAccount() {
    return "github-" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
  }

  @Test
  void ensureAccount_shouldCreateTheTenantKeyAndStoreASealedProfile_whenTheAccountIsNew() {
    String account = newAccount();

    assertTrue(accounts.ensureAccount(account, Provider.GITHUB, "42", Instant.now()));
    assertFalse(accounts.ensureAccount(account, Provider.GITHUB, "42", Instant.now()));

    byte[] stored = store.get(StateKeys.accountProfile(account)).orElseThrow().value();
    assertTrue(EnvelopeCipher.looksLikeEnvelope(stored));
    assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("\"status\""));
    String profile =
        new String(
            docs.read(account, AccountDirectory.KIND, StateKeys.accountProfile(account))
                .orElseThrow()
                .plaintext(),
            StandardCharsets.UTF_8);
    assertTrue(profile.contains("\"accountId\":\"" + account + "\""));
    assertTrue(profile.contains("\"status\":\"active\""));
    String alias = TenantKeys.aliasFor(account);
    assertTrue(aws.kms().describeKey(r -> r.keyId(alias)).keyMetadata().multiRegion());
    assertEquals(
        aws.kms().describeKey(r -> r.keyId(alias)).keyMetadata().keyId(),
        aws.kmsReplica().describeKey(r -> r.keyId(alias)).keyMetadata().keyId());
  }

  @Test
  void ensureAccount_shouldRefuseWithoutWritingOrMakingAKey_whenTheAccountWasDeleted() {
    String account = newAccount();
    store.createIfAbsent(
        StateKeys.deletionProgress(account),
        ("{\"accountId\":\"" + account + "\"}").getBytes(StandardCharsets.UTF_8),
        Map.of());

    assertTrue(accounts.isDeleted(account));
    assertThrows(
        AccountDeletedException.class,
        () -> accounts.ensureAccount(account, Provider.GITHUB, "42", Instant.now()));
    EnrollmentService enrollments =
        new EnrollmentService(store, SerdeJsonCodec.createDefault(), accounts, Clock.systemUTC());
    assertThrows(
        AccountDeletedException.class,
        () -> enrollments.enroll(Provider.GITLAB, "group/project-" + account, account));

    assertTrue(store.get(StateKeys.accountProfile(account)).isEmpty());
    assertTrue(enrollments.find(Provider.GITLAB, "group/project-" + account).isEmpty());
    assertThrows(
        NotFoundException.class,
        () -> aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))));
  }
}
