package dev.airlock.backup.domain;

import dev.airlock.backup.domain.archive.ArchiveEntry;
import dev.airlock.backup.domain.archive.ArchiveIntegrityException;
import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import dev.airlock.backup.domain.archive.ArchiveReader;
import dev.airlock.backup.domain.archive.DigestingInputStream;
import dev.airlock.backup.domain.archive.OpeningInputStream;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyUnavailableException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads a snapshot end to end, checking everything its manifest claims: the data key unwraps under
 * the backup key for this snapshot's encryption context; the manifest's tag verifies under that
 * data key ({@link ManifestSeal}, format 2; refused as {@code manifest-authentication}); every
 * chunk authenticates, in order, up to a final chunk with nothing after it; every entry's bytes
 * match their recorded digest; the entry count, plaintext length and SHA-256, archive length and
 * chunk count equal the manifest's. Like {@code restic check --read-data}.
 *
 * <p>The archive's SHA-256 is recomputed only for an unsealed (version-1) manifest: under a sealed
 * one it cannot differ from the manifest's without a chunk failing its tag (benchmarks figure 9:
 * one SHA-256 pass less per read). Changing the ciphertext digest in a sealed manifest is refused
 * by its tag; stripping the tag and claiming version 1 brings the recomputation back.
 *
 * <p>Each entry is handed to an {@link EntryVisitor} as it is read: its bytes come only from chunks
 * whose tags verified, and its recorded digest is checked when its content ends (a failure is
 * thrown from the content stream then). What only the whole archive can show (the final chunk, the
 * archive and plaintext digests, the counts) is known when {@code read} returns: a caller that acts
 * on entries as they come (restore writes them) must undo that if {@code read} throws.
 *
 * <p>Failures: {@link ArchiveIntegrityException} naming what failed and, where one is to blame, the
 * chunk; {@link dev.airlock.core.crypto.KeyServiceException} if KMS could not be asked; {@link
 * IOException} or {@link dev.airlock.backup.port.BackupStoreException} if the store failed.
 */
public final class SnapshotReader {

  /** Receives each entry of a snapshot as it is read. */
  @FunctionalInterface
  public interface EntryVisitor {
    /**
     * @param entry the entry
     * @param content its bytes (bounded to the entry; what is left unread is skipped and checked)
     * @param recordedSha256 the entry's recorded SHA-256 (hex), known once {@code content} was read
     *     to its end and matched; empty before that
     */
    void visit(ArchiveEntry entry, InputStream content, Supplier<Optional<String>> recordedSha256)
        throws IOException;
  }

  /** What a complete read found (it equals the manifest's figures). */
  public record ReadResult(long entries, long contentBytes, long chunks) {}

  private static final int READ_BUFFER_BYTES = 256 * 1024;

  private final DataKeyProvider keys;
  private final String pinnedKeyId;

  /**
   * @param keys the region's KMS
   * @param pinnedKeyId the backup key the data key must have been wrapped by (alias or ARN in this
   *     region), or null to use the manifest's key id
   */
  public SnapshotReader(DataKeyProvider keys, String pinnedKeyId) {
    if (keys == null) {
      throw new IllegalArgumentException("a data key provider is required");
    }
    this.keys = keys;
    this.pinnedKeyId = pinnedKeyId == null || pinnedKeyId.isBlank() ? null : pinnedKeyId;
  }

  /** Reads and checks the whole snapshot, handing each entry to {@code visitor}. */
  public ReadResult read(LocatedSnapshot snapshot, EntryVisitor visitor) throws IOException {
    return read(snapshot, visitor, true);
  }

  /**
   * Reads a snapshot again after {@link #read} of the same archive version passed, checking that
   * these are the very bytes that passed, without recomputing its SHA-256s (plaintext, each entry,
   * and for an unsealed manifest the archive's) a second time: restore's write pass (benchmarks
   * figure 9, where they were about a fifth of a restore's CPU). The manifest's tag is checked
   * again (microseconds).
   *
   * <p>Why that is the same check: every chunk must still authenticate under the snapshot's data
   * key (AES-GCM, AAD = snapshot id, chunk index, final flag), in order, up to a final chunk with
   * nothing after it; the header and frame lengths are checked as in {@link #read}. A chunk that
   * authenticates at index {@code i} is, short of forging AES-GCM, byte for byte the chunk {@code
   * i} the first read authenticated, so the archive is the one whose SHA-256s (and every entry's)
   * matched. What still differs is reported as before: a chunk that fails names itself, and the
   * counts (entries, content bytes, chunks, archive and plaintext lengths) are checked against the
   * manifest. Each entry's recorded SHA-256 is handed on as read from the archive ({@link
   * EntryVisitor}), not recomputed: restore sends it with the object's PUT, where the store
   * recomputes it and refuses bytes that do not match.
   *
   * <p>Failures as for {@link #read}. Never use this as the only read: it proves nothing about the
   * manifest's digests.
   */
  public ReadResult reread(LocatedSnapshot snapshot, EntryVisitor visitor) throws IOException {
    return read(snapshot, visitor, false);
  }

  private ReadResult read(LocatedSnapshot snapshot, EntryVisitor visitor, boolean digests)
      throws IOException {
    Manifest m = snapshot.manifest();
    if (!Manifest.contextFor(m.snapshotId()).equals(m.encryptionContext())) {
      throw new ArchiveIntegrityException(
          Failure.MANIFEST_MALFORMED, "manifest encryption context does not match its snapshot");
    }
    byte[] key = unwrap(m);
    // A sealed manifest (format 2) must authenticate under its data key before the archive is read:
    // then its counts, lengths and digests are the backup's own, and every chunk authenticating
    // under that key at its index, with its final flag, fixes the archive byte for byte, so its
    // SHA-256 need not be recomputed. An unsealed (version-1) manifest gets the full recomputation.
    if (m.sealed() && !ManifestSeal.verifies(m, key)) {
      Arrays.fill(key, (byte) 0);
      throw new ArchiveIntegrityException(
          Failure.MANIFEST_AUTHENTICATION,
          "manifest failed authentication under its data key (changed after the backup)");
    }
    boolean archiveDigest = digests && !m.sealed();
    try (InputStream raw =
            snapshot.store().open(m.ref().archiveKey(), snapshot.archive().versionId());
        InputStream buffered = new BufferedInputStream(raw, READ_BUFFER_BYTES)) {
      DigestingInputStream ciphertext =
          new DigestingInputStream(
              buffered, m.ciphertextBytes(), Failure.SIZE_MISMATCH, archiveDigest);
      OpeningInputStream opening =
          new OpeningInputStream(ciphertext, key, m.snapshotId(), m.chunkBytes());
      Inflater inflater = null;
      InputStream decompressed = opening;
      if (Compression.parse(m.compression()) == Compression.DEFLATE) {
        inflater = new Inflater();
        decompressed = new InflaterInputStream(opening, inflater, 64 * 1024);
      }
      try {
        DigestingInputStream plaintext =
            new DigestingInputStream(
                decompressed, m.plaintextBytes(), Failure.PLAINTEXT_TOO_LONG, digests);
        ArchiveReader reader = new ArchiveReader(plaintext, m.snapshotId(), digests);
        Optional<ArchiveEntry> entry;
        while ((entry = withChunk(opening, reader::next)).isPresent()) {
          if (reader.entries() > m.objectCount()) {
            throw new ArchiveIntegrityException(
                Failure.COUNT_MISMATCH, "archive holds more objects than its manifest says");
          }
          ArchiveEntry e = entry.get();
          InputStream content = reader.content();
          withChunk(
              opening,
              () -> {
                visitor.visit(e, content, reader::currentDigest);
                return null;
              });
        }
        // Compressed streams end at their own marker: the sealed stream must end there too.
        if (withChunk(opening, opening::drain) != 0) {
          throw new ArchiveIntegrityException(
              Failure.TRAILING_DATA, opening.chunks() - 1, "data follows the archive's end");
        }
        if (!opening.complete()) {
          throw new ArchiveIntegrityException(
              Failure.TRUNCATED, opening.chunks(), "archive ends before its final chunk");
        }
        check(ciphertext.count() == m.ciphertextBytes(), Failure.SIZE_MISMATCH, "archive size");
        if (archiveDigest) {
          check(
              ciphertext.sha256Hex().equals(m.ciphertextSha256()),
              Failure.CIPHERTEXT_DIGEST,
              "archive SHA-256");
        }
        check(
            plaintext.count() == m.plaintextBytes(), Failure.PLAINTEXT_DIGEST, "plaintext length");
        if (digests) {
          check(
              plaintext.sha256Hex().equals(m.plaintextSha256()),
              Failure.PLAINTEXT_DIGEST,
              "plaintext SHA-256");
        }
        check(reader.entries() == m.objectCount(), Failure.COUNT_MISMATCH, "object count");
        check(reader.contentBytes() == m.contentBytes(), Failure.COUNT_MISMATCH, "content bytes");
        check(opening.chunks() == m.chunkCount(), Failure.COUNT_MISMATCH, "chunk count");
        return new ReadResult(reader.entries(), reader.contentBytes(), opening.chunks());
      } finally {
        if (inflater != null) {
          inflater.end();
        }
        opening.close();
      }
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private byte[] unwrap(Manifest m) {
    String keyId = pinnedKeyId != null ? pinnedKeyId : m.kmsKeyId();
    try {
      return keys.unwrap(keyId, m.wrappedKeyBytes(), Manifest.contextFor(m.snapshotId()));
    } catch (InvalidCiphertextException e) {
      throw new ArchiveIntegrityException(
          Failure.DATA_KEY_REFUSED, "KMS refused the snapshot's data key (wrong key or context)");
    } catch (KeyUnavailableException e) {
      throw new ArchiveIntegrityException(
          Failure.KEY_UNAVAILABLE, "the backup key is unavailable: " + e.reason());
    }
  }

  private static void check(boolean ok, Failure failure, String what) {
    if (!ok) {
      throw new ArchiveIntegrityException(failure, what + " does not match the manifest");
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  /**
   * Attributes a failure found in the plaintext (a malformed entry, a wrong digest) to the chunk
   * being read when it surfaced, so even those failures name a chunk.
   */
  private static <T> T withChunk(OpeningInputStream opening, IoSupplier<T> step)
      throws IOException {
    try {
      return step.get();
    } catch (ArchiveIntegrityException e) {
      if (e.chunk() >= 0 || opening.chunks() == 0) {
        throw e;
      }
      throw new ArchiveIntegrityException(e.failure(), opening.chunks() - 1, e.getMessage());
    } catch (java.util.zip.ZipException e) {
      throw new ArchiveIntegrityException(
          Failure.ENTRY_MALFORMED, Math.max(0, opening.chunks() - 1), "compressed data is corrupt");
    }
  }
}
