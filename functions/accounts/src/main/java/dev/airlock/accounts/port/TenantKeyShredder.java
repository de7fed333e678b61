package dev.airlock.accounts.port;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The KMS side of crypto-shredding: find an account's tenant key (by its alias, {@code
 * alias/airlock/tenant/<id>}, in each region), disable a copy, schedule a copy's deletion. It can
 * never re-enable a key or cancel a deletion.
 *
 * <p>Implementations are idempotent: disabling a disabled key, or one already pending deletion, is
 * not an error; scheduling a key already pending deletion returns its state. Failures of the key
 * service throw {@link dev.airlock.core.crypto.KeyServiceException} (the reason is the service's
 * error code).
 */
public interface TenantKeyShredder {

  /** The regions this shredder reaches, the primary region first. */
  List<String> regions();

  /**
   * The account's key in {@code region}, found by its alias there; empty if the region has no such
   * alias (the account never had a key, or KMS already deleted it).
   */
  Optional<KeyStatus> describe(String accountId, String region);

  /**
   * Disables the key copy {@code arn} in {@code region}; returns normally for a copy that is
   * disabled already or pending deletion (unusable either way), so callers need not look first.
   */
  void disable(String region, String arn);

  /**
   * Schedules deletion of the key copy {@code arn} in {@code region} after {@code
   * pendingWindowDays} (7 to 30).
   *
   * @return its state afterwards
   */
  KeyStatus scheduleDeletion(String region, String arn, int pendingWindowDays);

  /** KMS key states that matter here. */
  enum Lifecycle {
    ENABLED("Enabled"),
    DISABLED("Disabled"),
    PENDING_DELETION("PendingDeletion"),
    PENDING_REPLICA_DELETION("PendingReplicaDeletion"),
    /** Creating, importing, unavailable, updating: not usable, not yet shreddable. */
    OTHER("Other");

    private final String wireName;

    Lifecycle(String wireName) {
      this.wireName = wireName;
    }

    /** KMS's name of the state. */
    public String wireName() {
      return wireName;
    }

    public boolean pendingDeletion() {
      return this == PENDING_DELETION || this == PENDING_REPLICA_DELETION;
    }
  }

  /** A replica of a multi-region key: where it is and its ARN there. */
  record Replica(String region, String arn) {}

  /**
   * One key copy as KMS describes it.
   *
   * @param region the copy's region
   * @param keyId the key id (shared by every copy of a multi-region key)
   * @param arn the copy's ARN
   * @param state its state
   * @param deletionDate when KMS deletes it, if scheduled and dated
   * @param replicas for a multi-region primary, its replicas (empty for a replica or a
   *     single-region key)
   * @param createdAt when the key was created, if known: the start of the account's current tenancy
   *     (a re-admitted id gets a new key), which dates a queued request as stale
   */
  record KeyStatus(
      String region,
      String keyId,
      String arn,
      Lifecycle state,
      @Nullable Instant deletionDate,
      List<Replica> replicas,
      @Nullable Instant createdAt) {
    public KeyStatus {
      replicas = List.copyOf(replicas == null ? List.of() : replicas);
    }

    /** A copy whose creation date is not known (a state this run left it in). */
    public KeyStatus(
        String region,
        String keyId,
        String arn,
        Lifecycle state,
        @Nullable Instant deletionDate,
        List<Replica> replicas) {
      this(region, keyId, arn, state, deletionDate, replicas, null);
    }
  }
}
