package dev.airlock.backup.domain.archive;

/**
 * A snapshot failed verification: its archive or manifest is malformed, truncated, reordered,
 * tampered with, encrypted under another key, or does not match the manifest. {@link #failure()}
 * names what failed, {@link #chunk()} the archive chunk (0-based) where it failed, or -1 when no
 * single chunk is to blame (a digest or count over the whole snapshot). The message names the
 * failure and the chunk only; it never carries plaintext, key material or object keys.
 */
public final class ArchiveIntegrityException extends RuntimeException {

  /** What failed. The wire names ({@link #code()}) appear in reports and audit records. */
  public enum Failure {
    MANIFEST_MALFORMED("manifest-malformed"),
    /** The manifest's tag does not verify under its data key: it was changed after the backup. */
    MANIFEST_AUTHENTICATION("manifest-authentication"),
    ARCHIVE_MISSING("archive-missing"),
    DATA_KEY_REFUSED("data-key-refused"),
    KEY_UNAVAILABLE("key-unavailable"),
    HEADER_MALFORMED("header-malformed"),
    WRONG_SNAPSHOT("wrong-snapshot"),
    CHUNK_MALFORMED("chunk-malformed"),
    CHUNK_AUTHENTICATION("chunk-authentication"),
    TRUNCATED("truncated"),
    TRAILING_DATA("trailing-data"),
    ENTRY_MALFORMED("entry-malformed"),
    ENTRY_DIGEST("entry-digest"),
    PLAINTEXT_TOO_LONG("plaintext-too-long"),
    PLAINTEXT_DIGEST("plaintext-digest"),
    CIPHERTEXT_DIGEST("ciphertext-digest"),
    SIZE_MISMATCH("size-mismatch"),
    COUNT_MISMATCH("count-mismatch");

    private final String code;

    Failure(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Failure failure;
  private final long chunk;

  public ArchiveIntegrityException(Failure failure, long chunk, String message) {
    super(message + (chunk >= 0 ? " (chunk " + chunk + ")" : ""));
    this.failure = failure;
    this.chunk = chunk;
  }

  public ArchiveIntegrityException(Failure failure, String message) {
    this(failure, -1, message);
  }

  public Failure failure() {
    return failure;
  }

  /** The 0-based chunk index where verification failed, or -1. */
  public long chunk() {
    return chunk;
  }
}
