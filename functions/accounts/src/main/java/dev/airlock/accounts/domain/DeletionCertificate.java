package dev.airlock.accounts.domain;

import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The record that an account was deleted, stored once at {@link StateKeys#deletionCertificate}
 * (plain JSON, identifiers and counts only) and written to the audit log. It is what the accounts
 * function returns and what {@code delete-account} prints.
 *
 * @param version format version ({@value #VERSION})
 * @param accountId the deleted account
 * @param reason why ({@link AccountDeletionRequest#reason()})
 * @param requestedBy who asked (an identifier), or null
 * @param startedAt when the deletion started (its progress record was created)
 * @param completedAt when the certificate was issued
 * @param lookupRecordsDeleted installation, enrollment and Stripe-customer records of the account
 *     removed (the account receives no new work)
 * @param regions what was removed from each region's state bucket
 * @param keyId the tenant key's id (shared by its multi-region copies), or null if the account
 *     never had a key
 * @param keys every copy of the tenant key and its state after scheduling deletion
 * @param keysDisabledAt when the key copies were disabled (from then on nothing of the account
 *     decrypts anywhere), or null without a key
 * @param keyDeletionDate the latest date on which KMS deletes a copy of the key (a primary that
 *     waits for its replicas: no earlier than the replicas' date plus the waiting period), or null
 *     without a key
 * @param pendingWindowDays the KMS waiting period requested
 */
@Serdeable
public record DeletionCertificate(
    int version,
    String accountId,
    String reason,
    @Nullable String requestedBy,
    Instant startedAt,
    Instant completedAt,
    long lookupRecordsDeleted,
    List<RegionPurge> regions,
    @Nullable String keyId,
    List<KeyDestruction> keys,
    @Nullable Instant keysDisabledAt,
    @Nullable Instant keyDeletionDate,
    int pendingWindowDays) {

  public static final int VERSION = 1;

  public DeletionCertificate {
    StateKeys.account(accountId);
    if (reason == null || startedAt == null || completedAt == null || lookupRecordsDeleted < 0) {
      throw new IllegalArgumentException("a certificate needs reason, times and counts");
    }
    regions = List.copyOf(regions == null ? List.of() : regions);
    keys = List.copyOf(keys == null ? List.of() : keys);
    if ((keyId == null) != keys.isEmpty()) {
      throw new IllegalArgumentException("key id and key copies go together");
    }
  }

  /** The region entry for {@code role} ({@code primary} or {@code standby}), if present. */
  public java.util.Optional<RegionPurge> region(String role) {
    return regions.stream().filter(r -> r.role().equals(role)).findFirst();
  }

  /** Total object versions and delete markers removed, over all regions. */
  public long totalVersions() {
    return regions.stream().mapToLong(RegionPurge::versions).sum();
  }

  /** UTF-8 JSON, as stored and printed. */
  public byte[] toJson() {
    return Json.write(this);
  }

  /**
   * Parses a stored certificate.
   *
   * @throws dev.airlock.core.json.MalformedJsonException if it is not one
   */
  public static DeletionCertificate fromJson(byte[] json) {
    return Json.read(json, DeletionCertificate.class);
  }
}
