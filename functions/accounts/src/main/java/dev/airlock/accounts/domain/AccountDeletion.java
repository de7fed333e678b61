package dev.airlock.accounts.domain;

import dev.airlock.accounts.port.PurgeTarget;
import dev.airlock.accounts.port.TenantKeyShredder;
import dev.airlock.accounts.port.TenantKeyShredder.KeyStatus;
import dev.airlock.accounts.port.TenantKeyShredder.Lifecycle;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import dev.airlock.core.state.ConcurrentUpdateException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Deletes an account by crypto-shredding, in four steps:
 *
 * <ol>
 *   <li><b>Stop new work.</b> The account's lookup records (GitHub installations, GitLab/Bitbucket
 *       enrollments, Stripe customer links: everything that routes an event to it) are deleted,
 *       every version, from both regions, and so is its billing document, which turns its
 *       entitlement off (no billing document means no private analyses). The progress record
 *       created before this step is the account's tombstone: the webhook refuses to re-create an
 *       account that has one.
 *   <li><b>Purge state.</b> Every version and delete marker under {@code tenants/<id>/} is deleted
 *       from the primary state bucket and from the replica region's standby state bucket.
 *   <li><b>Shred the key.</b> Every copy of the tenant key (the multi-region primary and its
 *       replicas) is disabled, back to back, and then scheduled for deletion after the configured
 *       waiting period (replicas first: KMS holds a primary until its replicas are gone). From the
 *       moment the copies are disabled nothing of the account decrypts anywhere: not what is left
 *       in a bucket, not a backup, not a replica, not a restore of an old snapshot.
 *   <li><b>Certify.</b> After a last sweep of the account's prefix (objects that in-flight work
 *       wrote before the key was disabled), a {@link DeletionCertificate} is stored at {@code
 *       system/deletions/<id>.json} and written to the audit log.
 * </ol>
 *
 * <p>Resumable and idempotent: a {@link DeletionProgress} record is written with {@code If-Match}
 * before everything that could not be redone or recounted from what is left (the lookup records
 * found, each batch of versions about to be deleted, the moment the key copies were disabled, the
 * sweep's end, the certificate), so a run killed at any point is completed by the next one with
 * exact counts, a concurrent second run stops at its first conditional write ({@link
 * ConcurrentUpdateException}), and a run after completion changes nothing and returns the stored
 * certificate. What a re-run can redo (a completed step whose listings come back empty, a batch's
 * count, which a re-run takes from the recorded batch, the key's look-up) rides on the next write
 * instead of costing one of its own ({@link #carry}): each write is an S3 round trip on the path of
 * a cold start.
 *
 * <p>Reads that do not depend on each other overlap on the {@code io} executor: the tenant key's
 * look-up runs from the start, beside the S3 work before it is needed; the lookup records are read
 * together; the standby region's listings and lookup deletions run beside the primary region's.
 * Every write of the progress record, every key operation and every step's order stay on the
 * calling thread.
 *
 * <p>Failures: {@link AccountNotFoundException} if nothing is stored for an account that was never
 * being deleted; {@link StateStoreException}, {@link dev.airlock.core.crypto.KeyServiceException}
 * when S3 or KMS fail (re-run to continue); each is audited as a failed deletion.
 */
public final class AccountDeletion {

  /** The audit action of every deletion record. */
  public static final String AUDIT_ACTION = "account.deletion";

  static final String PRIMARY = "primary";

  private final StateStore state;
  private final List<PurgeTarget> targets;
  private final TenantKeyShredder keys;
  private final AuditLog audit;
  private final Clock clock;
  private final DeletionSettings settings;
  private final DeletionHook hook;
  private final Executor io;

  /**
   * @param state the primary state bucket (progress record, certificate, lookup records)
   * @param targets the buckets to purge: the primary state bucket first, then the standby
   * @param keys the tenant keys
   * @param audit where the deletion is recorded
   * @param clock the time source
   * @param settings waiting period and batch size
   * @param hook {@link DeletionHook#NONE} in production
   * @param io runs the reads and region work that overlap (see above); its tasks never wait on each
   *     other, so a bounded pool cannot deadlock
   */
  public AccountDeletion(
      StateStore state,
      List<PurgeTarget> targets,
      TenantKeyShredder keys,
      AuditLog audit,
      Clock clock,
      DeletionSettings settings,
      DeletionHook hook,
      Executor io) {
    if (io == null
        || state == null
        || targets == null
        || targets.isEmpty()
        || keys == null
        || audit == null
        || clock == null
        || settings == null
        || hook == null) {
      throw new IllegalArgumentException("every collaborator of account deletion is required");
    }
    if (!PRIMARY.equals(targets.get(0).role())) {
      throw new IllegalArgumentException("the primary state bucket must be the first target");
    }
    Set<String> roles = new HashSet<>();
    for (PurgeTarget t : targets) {
      if (!roles.add(t.role())) {
        throw new IllegalArgumentException("two purge targets share the role " + t.role());
      }
    }
    this.state = state;
    this.targets = List.copyOf(targets);
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
    this.settings = settings;
    this.hook = hook;
    this.io = io;
  }

  /** {@link #delete(AccountDeletionRequest)} with the default reason. */
  public DeletionCertificate delete(String accountId) {
    return delete(AccountDeletionRequest.of(accountId));
  }

  /**
   * Deletes the account, or completes its interrupted deletion, or returns the certificate of its
   * completed deletion.
   *
   * @throws AccountNotFoundException if nothing is stored for a never-deleted account
   * @throws StateStoreException if S3 fails (re-run to continue)
   * @throws dev.airlock.core.crypto.KeyServiceException if KMS fails (re-run to continue)
   */
  public DeletionCertificate delete(AccountDeletionRequest request) {
    return delete(request, null);
  }

  /**
   * As {@link #delete(AccountDeletionRequest)}, for a request that was issued at {@code issuedAt}
   * (a queued request: when the queue accepted it). A request issued before the account's current
   * tenant key was created belongs to an earlier tenancy of the id — one deleted already, the id
   * admitted again since — and is refused; a deletion already under way is continued whatever the
   * request's age.
   *
   * @throws StaleDeletionRequestException if the request predates the current tenancy (nothing is
   *     changed; audited as {@code ignored} / {@code stale-request})
   */
  public DeletionCertificate delete(AccountDeletionRequest request, @Nullable Instant issuedAt) {
    if (request == null) {
      throw new IllegalArgumentException("a deletion request is required");
    }
    String account = request.accountId();
    try {
      PrimaryKey primaryKey = new PrimaryKey(account);
      Tracked t = begin(request, issuedAt, primaryKey);
      if (t.progress().currentStep() == DeletionStep.DONE) {
        DeletionCertificate done = readCertificate(account);
        record("ignored", "already-deleted", ids(account));
        return done;
      }
      if (!t.progress().currentStep().reached(DeletionStep.WORK_STOPPED)) {
        t = stopWork(t);
      }
      // Each key copy's state as this run last described or left it (by ARN): a copy this run has
      // just described or disabled is not described again. The look-ups are for a run that resumes
      // a deletion, which cannot know what an earlier run did to a copy.
      Map<String, KeyStatus> known = new HashMap<>();
      if (!t.progress().currentStep().reached(DeletionStep.STATE_PURGED)) {
        // The key is looked up (read only) before the step is recorded, so one write records both.
        t =
            purgeAll(
                t,
                DeletionStep.STATE_PURGED,
                DeletionCheckpoint.STATE_PURGED,
                p -> p.keyResolved() ? p : resolveKey(p, primaryKey, known),
                false);
      }
      if (!t.progress().currentStep().reached(DeletionStep.KEY_SHREDDED)) {
        t = shredKey(t, primaryKey, known);
      }
      if (!t.progress().currentStep().reached(DeletionStep.SWEPT)) {
        // Written: a re-run must not sweep again after the certificate took the sweep's counts.
        t = purgeAll(t, DeletionStep.SWEPT, DeletionCheckpoint.SWEPT, p -> p, true);
      }
      return certify(t);
    } catch (AccountNotFoundException e) {
      record("rejected", "account-unknown", ids(account));
      throw e;
    } catch (StaleDeletionRequestException e) {
      record("ignored", "stale-request", ids(account));
      throw e;
    } catch (RuntimeException e) {
      record("failed", failureReason(e), ids(account));
      throw e;
    }
  }

  // ------------------------------------------------------------------ start

  /** The progress record and the ETag it was read or written with. */
  private record Tracked(DeletionProgress progress, String etag) {}

  /**
   * The tenant key in the primary region, described once per run, from the run's start on the
   * {@code io} executor: the stale-request check, the account check and the key's resolution before
   * the state purge need the same look-up, and a fresh deletion always needs it, so it overlaps the
   * S3 reads before them. A run that finds its deletion done or resumed past the look-up does not
   * use it (one read of the key's metadata, no change).
   */
  private final class PrimaryKey {
    private final CompletableFuture<Optional<KeyStatus>> status;

    PrimaryKey(String account) {
      status =
          CompletableFuture.supplyAsync(() -> keys.describe(account, keys.regions().get(0)), io);
    }

    Optional<KeyStatus> get() {
      return await(status);
    }
  }

  /** The future's value, or the exception its task threw (unwrapped). */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Runs {@code work} for every target: the primary's on this thread, the others' on the {@code io}
   * executor beside it. Returns once all are done; the first failure (the primary's first) is
   * thrown after every target's work has ended.
   */
  private void forEachTarget(Consumer<PurgeTarget> work) {
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (PurgeTarget target : targets.subList(1, targets.size())) {
      others.add(CompletableFuture.runAsync(() -> work.accept(target), io));
    }
    RuntimeException failed = null;
    try {
      work.accept(targets.get(0));
    } catch (RuntimeException e) {
      failed = e;
    }
    for (CompletableFuture<Void> other : others) {
      try {
        await(other);
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * The first listing under {@code prefix} of every target after the primary, started now on the
   * {@code io} executor so it overlaps the primary's purge. Taken after any pending batch was
   * settled, so a listing never holds versions an earlier run recorded and counted.
   */
  private Map<String, CompletableFuture<List<VersionRef>>> listAhead(String prefix) {
    Map<String, CompletableFuture<List<VersionRef>>> ahead = new HashMap<>();
    for (PurgeTarget target : targets.subList(1, targets.size())) {
      ahead.put(
          target.role(),
          CompletableFuture.supplyAsync(
              () -> target.listVersions(prefix, settings.batchSize()), io));
    }
    return ahead;
  }

  private Tracked begin(
      AccountDeletionRequest request, @Nullable Instant issuedAt, PrimaryKey primaryKey) {
    String key = StateKeys.deletionProgress(request.accountId());
    Optional<Tracked> existing = readProgress(key);
    if (existing.isPresent()) {
      return existing.get();
    }
    if (issuedAt != null) {
      requireCurrentTenancy(primaryKey, issuedAt);
    }
    requireKnown(request.accountId(), primaryKey);
    DeletionProgress fresh = DeletionProgress.start(request, clock.instant());
    WriteResult w = state.createIfAbsent(key, fresh.toJson(), Map.of());
    if (!(w instanceof WriteResult.Written written)) {
      // Another run started it a moment ago; continue from what it recorded.
      return readProgress(key)
          .orElseThrow(() -> new StateStoreException("deletion progress vanished: " + key));
    }
    Map<String, String> ids = ids(request.accountId());
    ids.put("reason", request.reason());
    if (request.requestedBy() != null) {
      ids.put("requestedBy", request.requestedBy());
    }
    record("accepted", "started", ids);
    hook.reached(DeletionCheckpoint.STARTED);
    return new Tracked(fresh, written.etag());
  }

  private Optional<Tracked> readProgress(String key) {
    return state.get(key).map(o -> new Tracked(parseProgress(o), o.etag()));
  }

  private static DeletionProgress parseProgress(StoredObject o) {
    try {
      return DeletionProgress.fromJson(o.value());
    } catch (MalformedJsonException e) {
      throw new IllegalStateException("deletion progress record is corrupt", e);
    }
  }

  /**
   * Refuses a request issued before the account's current key was created. Every tenancy of an id
   * has its own key (a deleted account's key blocks a new one until KMS has deleted it), and a real
   * request always follows the key it is about: only a replay of an earlier tenancy's request can
   * be older.
   */
  private void requireCurrentTenancy(PrimaryKey primaryKey, Instant issuedAt) {
    Optional<KeyStatus> key = primaryKey.get();
    if (key.isPresent()
        && key.get().createdAt() != null
        && key.get().createdAt().isAfter(issuedAt)) {
      throw new StaleDeletionRequestException();
    }
  }

  /**
   * Refuses an id of which nothing is stored, so a typo leaves no tombstone. The key first: its
   * look-up is under way from the start, and an account with data has one.
   */
  private void requireKnown(String account, PrimaryKey primaryKey) {
    if (primaryKey.get().isPresent()) {
      return;
    }
    for (PurgeTarget t : targets) {
      if (!t.listVersions(StateKeys.tenantPrefix(account), 1).isEmpty()) {
        return;
      }
    }
    if (!findLookups(account).isEmpty()) {
      return;
    }
    throw new AccountNotFoundException();
  }

  /**
   * Takes {@code next} as this run's progress without writing it: the next {@link #save} records
   * it. For what a re-run redoes harmlessly if the run stops before then (a step's completion,
   * whose listings then come back empty; a deleted batch's count, which the recorded pending batch
   * gives).
   */
  private static Tracked carry(Tracked t, DeletionProgress next) {
    return new Tracked(next, t.etag());
  }

  private Tracked save(Tracked t, DeletionProgress next) {
    String key = StateKeys.deletionProgress(next.accountId());
    WriteResult w = state.replaceIfMatch(key, next.toJson(), t.etag(), Map.of());
    if (w instanceof WriteResult.Written written) {
      return new Tracked(next, written.etag());
    }
    // Someone else is running this deletion: let them finish; a later run resumes if they fail.
    throw new ConcurrentUpdateException(key, 1);
  }

  // ------------------------------------------------------------------ step 1

  private Tracked stopWork(Tracked t) {
    String account = t.progress().accountId();
    t = save(t, t.progress().withLookupKeys(findLookups(account)));
    hook.reached(DeletionCheckpoint.LOOKUPS_RECORDED);
    List<String> lookups = t.progress().lookupKeys();
    forEachTarget(
        target -> {
          for (String lookup : lookups) {
            purgeExactKey(target, lookup);
          }
        });
    String billing = StateKeys.billing(account);
    t = purgeEveryTarget(t, billing, billing::equals);
    t = carry(t, t.progress().withStep(DeletionStep.WORK_STOPPED));
    hook.reached(DeletionCheckpoint.WORK_STOPPED);
    return t;
  }

  /** Only the field every lookup record shares; the rest of a record is not read. */
  @Serdeable
  record LookupOwner(@Nullable String accountId) {}

  /**
   * The account's lookup records in the primary state bucket. Lookups are keyed by what arrives in
   * an event (installation id, repository, customer id), not by account, so finding an account's
   * means reading them all: fine at Airlock's scale, and only deletion does it.
   */
  private List<String> findLookups(String account) {
    List<String> keys = state.list(StateKeys.LOOKUP);
    // Read together on the io executor (its bound limits how many at once), judged in key order.
    List<CompletableFuture<Boolean>> owned = new ArrayList<>(keys.size());
    for (String key : keys) {
      owned.add(CompletableFuture.supplyAsync(() -> ownedBy(account, key), io));
    }
    List<String> found = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (await(owned.get(i))) {
        found.add(keys.get(i));
      }
    }
    return found;
  }

  private boolean ownedBy(String account, String lookupKey) {
    Optional<StoredObject> o = state.get(lookupKey);
    if (o.isEmpty()) {
      return false;
    }
    try {
      return account.equals(Json.read(o.get().value(), LookupOwner.class).accountId());
    } catch (MalformedJsonException unreadable) {
      // A corrupt lookup routes nothing (its readers refuse it); it is not this account's to take.
      return false;
    }
  }

  /** Lookup records are identifiers, not tenant data: deleted, not counted per version. */
  private void purgeExactKey(PurgeTarget target, String key) {
    while (true) {
      List<VersionRef> listed = target.listVersions(key, settings.batchSize());
      List<VersionRef> versions = listed.stream().filter(v -> v.key().equals(key)).toList();
      if (versions.isEmpty()) {
        return;
      }
      target.deleteVersions(versions);
      if (listed.size() < settings.batchSize()) {
        // A short listing was all there was: nothing left to list again.
        return;
      }
    }
  }

  // ------------------------------------------------------------------ step 2 (and the sweep)

  private Tracked purgeAll(
      Tracked t,
      DeletionStep after,
      DeletionCheckpoint checkpoint,
      UnaryOperator<DeletionProgress> alsoRecord,
      boolean write) {
    String prefix = StateKeys.tenantPrefix(t.progress().accountId());
    t = purgeEveryTarget(t, prefix, k -> true);
    DeletionProgress next = alsoRecord.apply(t.progress().withStep(after));
    t = write ? save(t, next) : carry(t, next);
    hook.reached(checkpoint);
    return t;
  }

  /**
   * Settles a pending batch an interrupted run left, then purges {@code prefix} in every target in
   * turn, the other targets' first listings taken beside the primary's purge ({@link #listAhead}).
   */
  private Tracked purgeEveryTarget(Tracked t, String prefix, Predicate<String> wanted) {
    t = settlePending(t);
    Map<String, CompletableFuture<List<VersionRef>>> ahead = listAhead(prefix);
    for (PurgeTarget target : targets) {
      t = purge(t, target, prefix, wanted, ahead.get(target.role()));
    }
    return t;
  }

  /**
   * Deletes every version under {@code prefix} (whose key passes {@code wanted}) in batches: each
   * batch is recorded as pending, deleted, then counted (the count and the batch's end ride on the
   * next write, which is the next batch's or the step's). A pending batch left by an interrupted
   * run is settled ({@link #settlePending}) before.
   *
   * @param ahead the target's first listing, taken already, or null to list now
   */
  private Tracked purge(
      Tracked t,
      PurgeTarget target,
      String prefix,
      Predicate<String> wanted,
      @Nullable CompletableFuture<List<VersionRef>> ahead) {
    if (t.progress().pending() != null) {
      throw new IllegalStateException("a pending batch must be settled before a purge");
    }
    DeletionProgress.RegionTally tally =
        t.progress()
            .tally(target.role())
            .orElse(
                new DeletionProgress.RegionTally(
                    target.role(), target.region(), target.bucket(), 0, 0, null));
    while (true) {
      List<VersionRef> listed =
          ahead != null ? await(ahead) : target.listVersions(prefix, settings.batchSize());
      ahead = null;
      List<VersionRef> batch = listed.stream().filter(v -> wanted.test(v.key())).toList();
      if (batch.isEmpty()) {
        return t;
      }
      long newObjects = 0;
      String last = tally.lastKey();
      for (VersionRef v : batch) {
        if (!v.key().equals(last)) {
          newObjects++;
          last = v.key();
        }
      }
      DeletionProgress.PendingBatch pending =
          new DeletionProgress.PendingBatch(target.role(), batch, newObjects, last);
      t = save(t, t.progress().withTally(tally).withPending(pending));
      target.deleteVersions(batch);
      hook.reached(DeletionCheckpoint.BATCH_DELETED);
      tally = tally.plus(newObjects, batch.size(), last);
      t = carry(t, t.progress().withTally(tally).withPending(null));
      if (listed.size() < settings.batchSize()) {
        // A short listing was all there was under the prefix: nothing left to list again.
        return t;
      }
    }
  }

  /** Deletes (again) and counts a batch an interrupted run recorded as pending, if there is one. */
  private Tracked settlePending(Tracked t) {
    DeletionProgress.PendingBatch pending = t.progress().pending();
    if (pending == null) {
      return t;
    }
    PurgeTarget target =
        targets.stream()
            .filter(x -> x.role().equals(pending.role()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "a pending batch is in " + pending.role() + ", which is not configured"));
    target.deleteVersions(pending.versions());
    DeletionProgress.RegionTally tally =
        t.progress()
            .tally(pending.role())
            .orElse(
                new DeletionProgress.RegionTally(
                    target.role(), target.region(), target.bucket(), 0, 0, null));
    return carry(
        t,
        t.progress()
            .withTally(
                tally.plus(pending.newObjects(), pending.versions().size(), pending.lastKey()))
            .withPending(null));
  }

  // ------------------------------------------------------------------ step 3

  /** Step 3; {@code known}: the key copies' states as this run last described or left them. */
  private Tracked shredKey(Tracked t, PrimaryKey primaryKey, Map<String, KeyStatus> known) {
    String account = t.progress().accountId();
    if (!t.progress().keyResolved()) {
      // A look-up: a re-run looks again (the alias names the key until KMS deletes it).
      t = carry(t, resolveKey(t.progress(), primaryKey, known));
    }
    if (t.progress().keyId() == null) {
      t = carry(t, t.progress().withStep(DeletionStep.KEY_SHREDDED));
      hook.reached(DeletionCheckpoint.KEY_SHREDDED);
      return t;
    }
    // Disable every copy back to back before scheduling anything: the shredding moment.
    List<KeyDestruction> disabled = new ArrayList<>();
    for (KeyDestruction copy : t.progress().keys()) {
      KeyStatus now =
          known.containsKey(copy.arn()) ? known.get(copy.arn()) : statusOf(account, copy);
      Lifecycle s = now == null ? null : now.state();
      if (s == null || s == Lifecycle.ENABLED || s == Lifecycle.OTHER) {
        keys.disable(copy.region(), copy.arn());
        s = Lifecycle.DISABLED;
        now = new KeyStatus(copy.region(), t.progress().keyId(), copy.arn(), s, null, List.of());
      }
      known.put(copy.arn(), now);
      disabled.add(
          new KeyDestruction(copy.region(), copy.arn(), s.wireName(), copy.deletionDate()));
    }
    DeletionProgress p = t.progress().withKey(t.progress().keyId(), disabled);
    if (p.keysDisabledAt() == null) {
      p = p.withKeysDisabledAt(clock.instant());
    }
    t = save(t, p);
    hook.reached(DeletionCheckpoint.KEY_DISABLED);

    List<KeyDestruction> copies = t.progress().keys();
    List<KeyDestruction> scheduled = new ArrayList<>(copies);
    // Replicas first (every copy after the first), the primary last.
    for (int i = copies.size() - 1; i >= 0; i--) {
      KeyDestruction copy = copies.get(i);
      KeyStatus now =
          known.containsKey(copy.arn()) ? known.get(copy.arn()) : statusOf(account, copy);
      if (now == null || !now.state().pendingDeletion()) {
        now = keys.scheduleDeletion(copy.region(), copy.arn(), settings.pendingWindowDays());
      }
      scheduled.set(
          i,
          new KeyDestruction(
              copy.region(), copy.arn(), now.state().wireName(), now.deletionDate()));
    }
    // A re-run finds the copies pending deletion and schedules nothing again.
    t =
        carry(
            t,
            t.progress()
                .withKey(t.progress().keyId(), scheduled)
                .withStep(DeletionStep.KEY_SHREDDED));
    hook.reached(DeletionCheckpoint.KEY_SHREDDED);
    return t;
  }

  /**
   * Looks the key up by alias in the primary region; its replicas come from its metadata. The
   * primary's state goes into {@code known}, and each replica's as unknown ({@link
   * Lifecycle#OTHER}): it is disabled without a look-up of its own, since disabling is harmless in
   * every state (a disabled copy stays disabled; KMS refuses a copy pending deletion, which {@link
   * TenantKeyShredder#disable} takes as done).
   */
  private DeletionProgress resolveKey(
      DeletionProgress p, PrimaryKey primaryKey, Map<String, KeyStatus> known) {
    Optional<KeyStatus> primary = primaryKey.get();
    if (primary.isEmpty()) {
      return p.withKey(null, List.of());
    }
    KeyStatus k = primary.get();
    known.put(k.arn(), k);
    List<KeyDestruction> copies = new ArrayList<>();
    copies.add(new KeyDestruction(k.region(), k.arn(), k.state().wireName(), k.deletionDate()));
    for (TenantKeyShredder.Replica r : k.replicas()) {
      if (!keys.regions().contains(r.region())) {
        throw new IllegalStateException(
            "the tenant key has a replica in " + r.region() + ", which this function cannot reach");
      }
      copies.add(new KeyDestruction(r.region(), r.arn(), Lifecycle.OTHER.wireName(), null));
      known.put(
          r.arn(), new KeyStatus(r.region(), k.keyId(), r.arn(), Lifecycle.OTHER, null, List.of()));
    }
    return p.withKey(k.keyId(), copies);
  }

  /**
   * The copy's current state, found by the alias in its region; null if the alias there names no
   * key or another key (then the copy is handled by its ARN alone).
   */
  private KeyStatus statusOf(String account, KeyDestruction copy) {
    return keys.describe(account, copy.region())
        .filter(s -> s.arn().equals(copy.arn()))
        .orElse(null);
  }

  // ------------------------------------------------------------------ step 4

  private DeletionCertificate certify(Tracked t) {
    DeletionProgress p = t.progress();
    String key = StateKeys.deletionCertificate(p.accountId());
    DeletionCertificate cert = build(p);
    WriteResult w = state.createIfAbsent(key, cert.toJson(), Map.of());
    if (!w.written()) {
      // A run that was stopped after storing it: the stored certificate is the one issued.
      cert = readCertificate(p.accountId());
    }
    hook.reached(DeletionCheckpoint.CERTIFICATE_STORED);
    record("succeeded", null, certificateIds(cert));
    save(t, p.withStep(DeletionStep.DONE));
    return cert;
  }

  private DeletionCertificate build(DeletionProgress p) {
    List<RegionPurge> regions = new ArrayList<>();
    for (PurgeTarget target : targets) {
      regions.add(
          p.tally(target.role())
              .map(DeletionProgress.RegionTally::toPurge)
              .orElse(new RegionPurge(target.role(), target.region(), target.bucket(), 0, 0)));
    }
    return new DeletionCertificate(
        DeletionCertificate.VERSION,
        p.accountId(),
        p.reason(),
        p.requestedBy(),
        p.startedAt(),
        clock.instant(),
        p.lookupKeys().size(),
        regions,
        p.keyId(),
        p.keys(),
        p.keysDisabledAt(),
        keyDeletionDate(p.keys()),
        settings.pendingWindowDays());
  }

  /**
   * The latest date a copy is deleted. A primary waiting for its replicas has no date yet: KMS
   * starts its waiting period when the last replica is gone, so it is deleted no earlier than that
   * plus the period.
   */
  private Instant keyDeletionDate(List<KeyDestruction> copies) {
    Instant latest = null;
    for (KeyDestruction c : copies) {
      if (c.deletionDate() != null && (latest == null || c.deletionDate().isAfter(latest))) {
        latest = c.deletionDate();
      }
    }
    for (KeyDestruction c : copies) {
      if (c.deletionDate() == null
          && Lifecycle.PENDING_REPLICA_DELETION.wireName().equals(c.state())) {
        Instant base = latest == null ? clock.instant() : latest;
        latest = base.plus(Duration.ofDays(settings.pendingWindowDays()));
      }
    }
    return latest;
  }

  private DeletionCertificate readCertificate(String account) {
    String key = StateKeys.deletionCertificate(account);
    StoredObject o =
        state
            .get(key)
            .orElseThrow(() -> new StateStoreException("deletion certificate is missing: " + key));
    try {
      return DeletionCertificate.fromJson(o.value());
    } catch (MalformedJsonException e) {
      throw new IllegalStateException("deletion certificate is corrupt", e);
    }
  }

  // ------------------------------------------------------------------ audit

  private static Map<String, String> ids(String account) {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("accountId", account);
    return ids;
  }

  private static Map<String, String> certificateIds(DeletionCertificate c) {
    Map<String, String> ids = ids(c.accountId());
    ids.put("certificate", StateKeys.deletionCertificate(c.accountId()));
    ids.put("reason", c.reason());
    ids.put("lookupRecords", Long.toString(c.lookupRecordsDeleted()));
    for (RegionPurge r : c.regions()) {
      ids.put(r.role() + "Region", r.region());
      ids.put(r.role() + "Objects", Long.toString(r.objects()));
      ids.put(r.role() + "Versions", Long.toString(r.versions()));
    }
    if (c.keyId() != null) {
      ids.put("keyId", c.keyId());
      ids.put("keyCopies", Integer.toString(c.keys().size()));
      ids.put("keysDisabledAt", String.valueOf(c.keysDisabledAt()));
      ids.put("keyDeletionDate", String.valueOf(c.keyDeletionDate()));
    } else {
      ids.put("keyId", "none");
    }
    return ids;
  }

  private void record(String outcome, @Nullable String reason, Map<String, String> ids) {
    audit.record(new AuditRecord(clock.instant(), AUDIT_ACTION, outcome, reason, ids));
  }

  /** A machine-readable failure: the exception's type, never its message. */
  private static String failureReason(RuntimeException e) {
    if (e instanceof dev.airlock.core.crypto.KeyServiceException k) {
      return "kms-failed:" + k.reason();
    }
    if (e instanceof ConcurrentUpdateException) {
      return "concurrent-run";
    }
    if (e instanceof StateStoreException) {
      return "state-failed";
    }
    return "error:" + e.getClass().getSimpleName();
  }
}
