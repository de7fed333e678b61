package dev.airlock.backup.domain.archive;

/**
 * The plaintext archive inside a sealed snapshot (all integers big-endian, strings UTF-8 with a u16
 * length):
 *
 * <pre>
 * header: magic "ALKA" | format version (1 byte, = 1) | snapshot id
 * entry*: 'E' | key | version id | last-modified (i64 epoch ms) | content type ("" = none)
 *         | metadata count (u16) | (name | value)* | length (i64) | bytes | SHA-256 of the bytes
 * footer: 'Z' | entry count (i64) | total content bytes (i64)
 * </pre>
 *
 * Nothing follows the footer. Each entry's digest is the one computed while reading the object from
 * the state bucket, so it is the snapshot's record of the source; restore and the restore drill
 * compare what they read and write against it.
 */
public final class ArchiveFormat {
  private ArchiveFormat() {}

  static final byte[] MAGIC = {'A', 'L', 'K', 'A'};
  static final int FORMAT_VERSION = 1;
  static final int ENTRY = 'E';
  static final int FOOTER = 'Z';
  static final int DIGEST_BYTES = 32;
}
