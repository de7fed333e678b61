package dev.airlock.backup.port;

import dev.airlock.backup.domain.archive.ArchiveEntry;
import java.io.InputStream;
import java.util.Optional;

/**
 * A bucket that restores write into. Restores go to a prefix that must be empty, so that cleaning
 * up after a failed restore or a drill can remove everything under it without touching anything
 * else.
 *
 * <p>Failures of the store are {@link BackupStoreException}s.
 */
public interface RestoreTarget {

  /** The bucket's name, for reports. */
  String bucket();

  /** Whether no object (no version) exists under {@code prefix}. */
  boolean isEmpty(String prefix);

  /**
   * Writes one restored object at {@code key} with the entry's content type and metadata, reading
   * exactly {@code entry.length()} bytes from {@code content}.
   *
   * @param expectedSha256 the content's SHA-256 (hex) when already known, else null: the store then
   *     refuses (a {@link BackupStoreException}) bytes that do not match it. A failure thrown by
   *     {@code content} itself (an archive integrity failure) aborts the write, nothing is stored,
   *     and it propagates as it is or as the cause of a {@link BackupStoreException}.
   */
  void put(String key, ArchiveEntry entry, InputStream content, String expectedSha256);

  /**
   * SHA-256 (hex) of the current object at {@code key}, read back from the store; empty if absent.
   */
  Optional<String> sha256(String key);

  /** How many current objects lie under {@code prefix}. */
  long count(String prefix);

  /**
   * Removes every object version and delete marker under {@code prefix}.
   *
   * @return how many versions were removed
   */
  long deleteAll(String prefix);
}
