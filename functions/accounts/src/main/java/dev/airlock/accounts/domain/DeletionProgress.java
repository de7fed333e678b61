package dev.airlock.accounts.domain;

import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an account's deletion stands, stored at {@link StateKeys#deletionProgress} (plain JSON,
 * identifiers and counts only) and updated with {@code If-Match} before and after everything the
 * deletion changes. It makes the deletion resumable (a re-run continues after the last completed
 * step), exact in its counts (a batch of versions is recorded before it is deleted, and counted
 * once on a re-run), and single-writer (a second concurrent run loses the conditional write and
 * stops). It stays after the deletion as the account's tombstone.
 *
 * @param version format version
 * @param accountId the account
 * @param reason the request's reason
 * @param requestedBy the request's requester, or null
 * @param startedAt when the deletion started
 * @param step the last step completed ({@link DeletionStep} name)
 * @param lookupKeys the account's lookup records found in step 1 (deleted from both regions)
 * @param regions what was removed so far, per region
 * @param pending a batch of versions about to be deleted, or null
 * @param keyResolved whether step 3 has looked up the tenant key
 * @param keyId the tenant key's id, or null if the account has none
 * @param keys the key copies and their last seen state
 * @param keysDisabledAt when the key copies were disabled, or null
 */
@Serdeable
public record DeletionProgress(
    int version,
    String accountId,
    String reason,
    @Nullable String requestedBy,
    Instant startedAt,
    String step,
    List<String> lookupKeys,
    List<RegionTally> regions,
    @Nullable PendingBatch pending,
    boolean keyResolved,
    @Nullable String keyId,
    List<KeyDestruction> keys,
    @Nullable Instant keysDisabledAt) {

  public static final int VERSION = 1;

  /**
   * Running counts of one region.
   *
   * @param lastKey the last object key counted, so an object whose versions span two batches is
   *     counted once
   */
  @Serdeable
  public record RegionTally(
      String role,
      String region,
      String bucket,
      long objects,
      long versions,
      @Nullable String lastKey) {
    public RegionTally {
      if (role == null || region == null || bucket == null || objects < 0 || versions < 0) {
        throw new IllegalArgumentException("a tally needs role, region, bucket and counts");
      }
    }

    RegionTally plus(long newObjects, long newVersions, String newLastKey) {
      return new RegionTally(
          role, region, bucket, objects + newObjects, versions + newVersions, newLastKey);
    }

    RegionPurge toPurge() {
      return new RegionPurge(role, region, bucket, objects, versions);
    }
  }

  /**
   * Versions listed and recorded before being deleted: a run killed after deleting them but before
   * counting them finds them here and counts them (deleting them again is harmless).
   *
   * @param role the region they are in
   * @param versions the versions
   * @param newObjects how many distinct keys among them were not counted before
   * @param lastKey the last key among them
   */
  @Serdeable
  public record PendingBatch(
      String role, List<VersionRef> versions, long newObjects, String lastKey) {
    public PendingBatch {
      versions = List.copyOf(versions);
      if (role == null || versions.isEmpty() || newObjects < 0 || lastKey == null) {
        throw new IllegalArgumentException("a pending batch needs role, versions and a last key");
      }
    }
  }

  public DeletionProgress {
    StateKeys.account(accountId);
    if (reason == null || startedAt == null || step == null) {
      throw new IllegalArgumentException("progress needs reason, start time and step");
    }
    DeletionStep.valueOf(step);
    lookupKeys = List.copyOf(lookupKeys == null ? List.of() : lookupKeys);
    regions = List.copyOf(regions == null ? List.of() : regions);
    keys = List.copyOf(keys == null ? List.of() : keys);
  }

  /** The progress of a deletion that starts now. */
  public static DeletionProgress start(AccountDeletionRequest request, Instant now) {
    return new DeletionProgress(
        VERSION,
        request.accountId(),
        request.reason(),
        request.requestedBy(),
        now,
        DeletionStep.STARTED.name(),
        List.of(),
        List.of(),
        null,
        false,
        null,
        List.of(),
        null);
  }

  public DeletionStep currentStep() {
    return DeletionStep.valueOf(step);
  }

  DeletionProgress withStep(DeletionStep next) {
    return new DeletionProgress(
        version,
        accountId,
        reason,
        requestedBy,
        startedAt,
        next.name(),
        lookupKeys,
        regions,
        pending,
        keyResolved,
        keyId,
        keys,
        keysDisabledAt);
  }

  DeletionProgress withLookupKeys(List<String> found) {
    List<String> union = new ArrayList<>(lookupKeys);
    for (String k : found) {
      if (!union.contains(k)) {
        union.add(k);
      }
    }
    union.sort(null);
    return new DeletionProgress(
        version,
        accountId,
        reason,
        requestedBy,
        startedAt,
        step,
        union,
        regions,
        pending,
        keyResolved,
        keyId,
        keys,
        keysDisabledAt);
  }

  /** The tally of {@code role}, if this deletion has one yet. */
  java.util.Optional<RegionTally> tally(String role) {
    return regions.stream().filter(r -> r.role().equals(role)).findFirst();
  }

  DeletionProgress withTally(RegionTally tally) {
    List<RegionTally> next = new ArrayList<>();
    boolean replaced = false;
    for (RegionTally r : regions) {
      if (r.role().equals(tally.role())) {
        next.add(tally);
        replaced = true;
      } else {
        next.add(r);
      }
    }
    if (!replaced) {
      next.add(tally);
    }
    return new DeletionProgress(
        version,
        accountId,
        reason,
        requestedBy,
        startedAt,
        step,
        lookupKeys,
        next,
        pending,
        keyResolved,
        keyId,
        keys,
        keysDisabledAt);
  }

  DeletionProgress withPending(@Nullable PendingBatch batch) {
    return new DeletionProgress(
        version,
        accountId,
        reason,
        requestedBy,
        startedAt,
        step,
        lookupKeys,
        regions,
        batch,
        keyResolved,
        keyId,
        keys,
        keysDisabledAt);
  }

  DeletionProgress withKey(@Nullable String id, List<KeyDestruction> copies) {
    return new DeletionProgress(
        version,
        accountId,
        reason,
        requestedBy,
        startedAt,
        step,
        lookupKeys,
        regions,
        pending,
        true,
        id,
        copies,
        keysDisabledAt);
  }

  DeletionProgress withKeysDisabledAt(Instant at) {
    return new DeletionProgress(
        version,
        accountId,
        reason,
        requestedBy,
        startedAt,
        step,
        lookupKeys,
        regions,
        pending,
        keyResolved,
        keyId,
        keys,
        at);
  }

  public byte[] toJson() {
    return Json.write(this);
  }

  /**
   * Parses a stored progress record.
   *
   * @throws dev.airlock.core.json.MalformedJsonException if it is not one
   */
  public static DeletionProgress fromJson(byte[] json) {
    return Json.read(json, DeletionProgress.class);
  }
}
