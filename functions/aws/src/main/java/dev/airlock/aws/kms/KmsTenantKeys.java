package dev.airlock.aws.kms;

import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.tenant.TenantKeys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Tenant keys in KMS: on an account's first need, a multi-region symmetric key tagged with the
 * account, rotation on, alias {@code alias/airlock/tenant/<id>}, replicated (with the same alias)
 * to the replica region so restores there can decrypt. Two concurrent creators race on {@code
 * CreateAlias}: the loser schedules its orphan key for deletion and uses the winner's.
 *
 * <p>A key that exists but is disabled or pending deletion means the account was deleted: {@link
 * #ensureKey} throws {@link KeyUnavailableException} and never creates a replacement, so a deleted
 * account cannot be resurrected by a late webhook.
 */
public final class KmsTenantKeys implements TenantKeys {
  /** Minimum KMS waiting period: used only for orphan keys of a lost creation race. */
  private static final int ORPHAN_DELETION_DAYS = 7;

  private final Supplier<KmsClient> kms;
  private final Supplier<KmsClient> replicaKms;
  private final String replicaRegion;
  private final Map<String, String> arns = new ConcurrentHashMap<>();

  /**
   * @param kms primary-region client
   * @param replicaKms replica-region client, or null to skip replication (single-region setups)
   * @param replicaRegion the replica region's name, or null with {@code replicaKms}
   */
  public KmsTenantKeys(KmsClient kms, KmsClient replicaKms, String replicaRegion) {
    this(() -> kms, () -> replicaKms, replicaRegion);
  }

  private KmsTenantKeys(
      Supplier<KmsClient> kms, Supplier<KmsClient> replicaKms, String replicaRegion) {
    this.kms = kms;
    this.replicaKms = replicaKms;
    this.replicaRegion = replicaRegion;
  }

  /**
   * Tenant keys on clients built on their first call ({@link
   * dev.airlock.aws.config.AwsClients#lazy}): an invocation that creates or looks up no tenant key
   * builds neither KMS client. {@code replicaKms} may supply null (single-region setups).
   */
  public static KmsTenantKeys lazy(
      Supplier<KmsClient> kms, Supplier<KmsClient> replicaKms, String replicaRegion) {
    if (kms == null || replicaKms == null) {
      throw new IllegalArgumentException("client suppliers are required");
    }
    return new KmsTenantKeys(kms, replicaKms, replicaRegion);
  }

  @Override
  public String ensureKey(String accountId) {
    String alias = TenantKeys.aliasFor(accountId);
    String cached = arns.get(accountId);
    if (cached != null) {
      // Key state is enforced by KMS on every data-key request; the cache only saves a lookup.
      return cached;
    }
    try {
      String arn = describe(alias);
      if (arn == null) {
        arn = create(accountId, alias);
      }
      arns.put(accountId, arn);
      return arn;
    } catch (NotFoundException e) {
      throw new KeyUnavailableException("NotFoundException", "tenant key not found");
    } catch (SdkException e) {
      throw new KeyServiceException(
          "TenantKey", "tenant key lookup failed: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The key ARN behind the alias, null if there is none; refuses a shredded key. */
  private String describe(String alias) {
    KeyMetadata md;
    try {
      md = kms.get().describeKey(r -> r.keyId(alias)).keyMetadata();
    } catch (NotFoundException absent) {
      return null;
    }
    KeyState state = md.keyState();
    if (state == KeyState.DISABLED) {
      throw new KeyUnavailableException("DisabledException", "tenant key is disabled");
    }
    if (state == KeyState.PENDING_DELETION || state == KeyState.PENDING_REPLICA_DELETION) {
      throw new KeyUnavailableException(
          "KMSInvalidStateException", "tenant key is pending deletion");
    }
    return md.arn();
  }

  private String create(String accountId, String alias) {
    KeyMetadata md =
        kms.get()
            .createKey(
                r ->
                    r.multiRegion(true)
                        .description("Airlock tenant key for account " + accountId)
                        .tags(
                            Tag.builder().tagKey("airlock:account").tagValue(accountId).build(),
                            Tag.builder().tagKey("airlock:purpose").tagValue("tenant").build()))
            .keyMetadata();
    try {
      kms.get().createAlias(r -> r.aliasName(alias).targetKeyId(md.keyId()));
    } catch (AlreadyExistsException lostRace) {
      kms.get()
          .scheduleKeyDeletion(r -> r.keyId(md.keyId()).pendingWindowInDays(ORPHAN_DELETION_DAYS));
      String winner = describe(alias);
      if (winner == null) {
        throw new KeyServiceException(
            "TenantKey", "tenant key alias vanished during creation", null);
      }
      return winner;
    }
    kms.get().enableKeyRotation(r -> r.keyId(md.keyId()));
    KmsClient replica = replicaKms.get();
    if (replica != null) {
      kms.get()
          .replicateKey(
              r ->
                  r.keyId(md.keyId())
                      .replicaRegion(replicaRegion)
                      .tags(
                          Tag.builder().tagKey("airlock:account").tagValue(accountId).build(),
                          Tag.builder().tagKey("airlock:purpose").tagValue("tenant").build()));
      try {
        replica.createAlias(r -> r.aliasName(alias).targetKeyId(md.keyId()));
      } catch (AlreadyExistsException already) {
        // a previous, interrupted creation got this far: the alias already names the key
      }
    }
    return md.arn();
  }
}
