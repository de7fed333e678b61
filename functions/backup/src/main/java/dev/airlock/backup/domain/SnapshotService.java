package dev.airlock.backup.domain;

import dev.airlock.backup.domain.archive.ArchiveEntry;
import dev.airlock.backup.domain.archive.ArchiveWriter;
import dev.airlock.backup.domain.archive.ChunkedCipher;
import dev.airlock.backup.domain.archive.DigestingOutputStream;
import dev.airlock.backup.domain.archive.SealingOutputStream;
import dev.airlock.backup.port.BackupStoreException;
import dev.airlock.backup.port.SnapshotStore;
import dev.airlock.backup.port.SnapshotStore.ArchiveUpload;
import dev.airlock.backup.port.SnapshotStore.UploadedObject;
import dev.airlock.backup.port.StateSource;
import dev.airlock.backup.port.StateSource.StateObject;
import dev.airlock.backup.port.StateSource.StateVersion;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.DataKeyProvider.DataKey;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import io.micronaut.core.annotation.Nullable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Takes one snapshot of the state bucket: a consistent point-in-time copy (each key's version
 * current at the snapshot's point in time, the whole second after the run started; versions written
 * later are ignored, so writes during the run cannot tear it), streamed as archive → optional
 * deflate → {@link SealingOutputStream} (AES-256-GCM chunks under a fresh KMS data key) → one
 * multipart upload to {@code <series>/<id>/archive}, digesting plaintext and ciphertext on the way.
 * Memory stays fixed (a chunk, a part, a copy buffer) whatever the state's size.
 *
 * <p>The manifest is written last and only if everything before succeeded, so a run that dies
 * midway leaves no manifest and is ignored; a failed run also aborts its multipart upload. Every
 * object must lie under {@link StateKeys#KNOWN_PREFIXES}: source code and anything unexpected never
 * belong in the state bucket, so a stray object fails the run loudly instead of being backed up.
 *
 * <p>Writes one audit record ({@code backup.snapshot}) per run.
 */
public final class SnapshotService {

  /**
   * How snapshots are taken.
   *
   * @param backupKeyId the KMS backup key (alias or ARN) that issues each snapshot's data key
   * @param chunkBytes plaintext bytes per sealed chunk
   * @param compression of the archive plaintext
   * @param listingDelay how long to wait after the snapshot's point in time (the second after the
   *     run started) before listing, so writes in flight at that moment are visible
   * @param monthlySeries whether the first snapshot of each month goes to {@code monthly/}
   * @param readConcurrency state objects fetched at a time (small ones are read ahead in memory, at
   *     most this many, each at most {@link Prefetcher#PREFETCH_LIMIT_BYTES})
   */
  public record Settings(
      String backupKeyId,
      int chunkBytes,
      Compression compression,
      Duration listingDelay,
      boolean monthlySeries,
      int readConcurrency) {
    public Settings {
      if (readConcurrency < 1) {
        throw new IllegalArgumentException("read concurrency must be at least 1");
      }
      if (backupKeyId == null || backupKeyId.isBlank()) {
        throw new IllegalArgumentException("backup key id is required");
      }
      if (chunkBytes < ChunkedCipher.MIN_CHUNK_BYTES
          || chunkBytes > ChunkedCipher.MAX_CHUNK_BYTES) {
        throw new IllegalArgumentException("chunk size is out of range");
      }
      compression = compression == null ? Compression.NONE : compression;
      listingDelay =
          listingDelay == null || listingDelay.isNegative() ? Duration.ZERO : listingDelay;
    }
  }

  /**
   * A completed snapshot, how many listed versions vanished before they could be read, the
   * manifest's bytes as written (the replica check compares the replica's copy with them, without
   * reading back what was just written), and what the run found of the earlier snapshots before it
   * wrote this one: the listing (newest first) and the previous complete snapshot, null if none
   * (the replica check looks at the same earlier snapshots; it need not list and read them again).
   */
  public record Result(
      Manifest manifest,
      long vanished,
      byte[] manifestBytes,
      List<SnapshotRef> earlier,
      @Nullable LocatedSnapshot previous) {
    public Result {
      earlier = List.copyOf(earlier);
    }
  }

  private final StateSource source;
  private final SnapshotStore store;
  private final DataKeyProvider keys;
  private final SnapshotCatalog catalog;
  private final Settings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final AuditLog audit;

  public SnapshotService(
      StateSource source,
      SnapshotStore store,
      DataKeyProvider keys,
      SnapshotCatalog catalog,
      Settings settings,
      Clock clock,
      RandomGenerator random,
      AuditLog audit) {
    this.source = source;
    this.store = store;
    this.keys = keys;
    this.catalog = catalog;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.audit = audit;
  }

  /**
   * Takes a snapshot.
   *
   * @throws SnapshotFailedException if anything failed; no manifest was written
   */
  public Result snapshot() {
    Instant startedAt = clock.instant();
    // The next whole second: everything written before the run started is in, and the cut is
    // exact whatever precision the store's timestamps have (S3 lists milliseconds or seconds).
    Instant cut = startedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    String id = SnapshotId.generate(cut, random);
    try {
      // One listing serves both questions (the previous snapshot, this month's series).
      List<SnapshotRef> existing = catalog.list(store);
      Optional<LocatedSnapshot> previous = catalog.latestComplete(store, existing);
      SnapshotRef ref = new SnapshotRef(series(id, existing), id);
      // List only once the cut has passed (plus a margin for writes in flight at that moment),
      // so that every version written before it is visible.
      pauseUntil(cut.plus(settings.listingDelay()));
      Result written =
          write(ref, cut, startedAt, previous.map(s -> s.manifest().snapshotId()).orElse(null));
      Result result =
          new Result(
              written.manifest(),
              written.vanished(),
              written.manifestBytes(),
              existing,
              previous.orElse(null));
      audit.record(
          AuditRecord.of(
              "backup.snapshot",
              "succeeded",
              null,
              ids(
                  "snapshot", id,
                  "series", ref.series(),
                  "objects", Long.toString(result.manifest().objectCount()),
                  "bytes", Long.toString(result.manifest().ciphertextBytes()),
                  "vanished", Long.toString(result.vanished()))));
      return result;
    } catch (SnapshotFailedException e) {
      audit.record(AuditRecord.of("backup.snapshot", "failed", e.reason(), ids("snapshot", id)));
      throw e;
    } catch (BackupStoreException e) {
      audit.record(AuditRecord.of("backup.snapshot", "failed", "store", ids("snapshot", id)));
      throw new SnapshotFailedException("store", "snapshot failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      audit.record(AuditRecord.of("backup.snapshot", "failed", "error", ids("snapshot", id)));
      throw new SnapshotFailedException(
          "error", "snapshot failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private String series(String id, List<SnapshotRef> existing) {
    if (!settings.monthlySeries()) {
      return SnapshotRef.HOURLY;
    }
    String month = SnapshotId.month(id);
    boolean haveMonthly =
        existing.stream()
            .anyMatch(
                r ->
                    SnapshotRef.MONTHLY.equals(r.series())
                        && SnapshotId.month(r.id()).equals(month));
    return haveMonthly ? SnapshotRef.HOURLY : SnapshotRef.MONTHLY;
  }

  private Result write(SnapshotRef ref, Instant cut, Instant startedAt, String previous) {
    Map<String, String> context = Manifest.contextFor(ref.id());
    DataKey dataKey = generate(context);
    byte[] key = dataKey.plaintext();
    ArchiveUpload upload = store.beginUpload(ref.archiveKey());
    Deflater deflater = null;
    try {
      DigestingOutputStream ciphertext = new DigestingOutputStream(new KeepOpen(upload.stream()));
      SealingOutputStream sealing =
          new SealingOutputStream(ciphertext, key, ref.id(), settings.chunkBytes());
      OutputStream compressed = sealing;
      if (settings.compression() == Compression.DEFLATE) {
        deflater = new Deflater(Deflater.BEST_SPEED);
        compressed = new DeflaterOutputStream(sealing, deflater, 64 * 1024);
      }
      DigestingOutputStream plaintext = new DigestingOutputStream(compressed);
      ArchiveWriter writer = new ArchiveWriter(plaintext, ref.id());
      long vanished;
      try (Prefetcher objects =
          new Prefetcher(
              source,
              new VersionSelector(source.versions(), cut),
              settings.readConcurrency(),
              v -> requireKnownPrefix(v.key()))) {
        Prefetcher.Next next;
        while ((next = objects.next()) != null) {
          StateVersion v = next.version();
          try (StateObject object = next.object()) {
            if (object.length() != v.size()) {
              throw new IOException("object length differs from its listing");
            }
            writer.add(
                new ArchiveEntry(
                    v.key(),
                    v.versionId(),
                    v.lastModified(),
                    object.contentType(),
                    object.metadata(),
                    object.length()),
                object.content());
          }
        }
        vanished = objects.vanished();
      }
      writer.finish();
      if (compressed instanceof DeflaterOutputStream d) {
        d.finish();
      }
      sealing.finish();
      ciphertext.flush();
      UploadedObject archive = upload.complete();
      if (archive.size() != ciphertext.count()) {
        throw new IOException("uploaded archive size differs from what was written");
      }
      Manifest manifest =
          new Manifest(
              Manifest.FORMAT_VERSION,
              ref.id(),
              ref.series(),
              cut,
              startedAt,
              clock.instant(),
              previous,
              source.bucket(),
              writer.entries(),
              writer.contentBytes(),
              plaintext.count(),
              plaintext.sha256Hex(),
              ciphertext.count(),
              ciphertext.sha256Hex(),
              archive.checksumSha256(),
              archive.versionId(),
              settings.compression().wireName(),
              settings.chunkBytes(),
              sealing.chunks(),
              Manifest.CIPHER,
              dataKey.keyId() == null || dataKey.keyId().isBlank()
                  ? settings.backupKeyId()
                  : dataKey.keyId(),
              Base64.getEncoder().encodeToString(dataKey.wrapped()),
              context,
              null);
      // Sealed under the data key: verify then refuses a manifest changed in the bucket before it
      // reads the archive, without recomputing the archive's SHA-256 (ManifestSeal).
      manifest = manifest.withMac(ManifestSeal.tag(manifest, key));
      byte[] manifestBytes = Json.write(manifest);
      if (!store.createIfAbsent(ref.manifestKey(), manifestBytes, "application/json")) {
        throw new SnapshotFailedException(
            "manifest-exists", "a manifest already exists for this snapshot id", null);
      }
      return new Result(manifest, vanished, manifestBytes, List.of(), null);
    } catch (IOException | UncheckedIOException e) {
      upload.abort();
      throw new SnapshotFailedException("io", "snapshot failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      upload.abort();
      throw e;
    } finally {
      Arrays.fill(key, (byte) 0);
      if (deflater != null) {
        deflater.end();
      }
    }
  }

  private DataKey generate(Map<String, String> context) {
    try {
      return keys.generate(settings.backupKeyId(), context);
    } catch (KeyUnavailableException e) {
      throw new SnapshotFailedException(
          "key-unavailable", "the backup key is unavailable: " + e.reason(), null);
    } catch (KeyServiceException e) {
      throw new SnapshotFailedException(
          "key-service", "KMS could not issue a data key: " + e.reason(), null);
    }
  }

  private static void requireKnownPrefix(String key) {
    for (String prefix : StateKeys.KNOWN_PREFIXES) {
      if (key.startsWith(prefix)) {
        return;
      }
    }
    // The key itself is not named: whatever it is, it must not reach logs either.
    throw new SnapshotFailedException(
        "unknown-prefix", "an object lies outside the state bucket's known prefixes", null);
  }

  private void pauseUntil(Instant until) {
    long ms = Duration.between(clock.instant(), until).toMillis();
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotFailedException("interrupted", "snapshot was interrupted", e);
    }
  }

  private static Map<String, String> ids(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Lets the pipeline finish without closing the upload stream (completing is explicit). */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
