package dev.airlock.backup.domain.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One state object version in a snapshot archive: where it came from and what S3 said about it. The
 * bytes follow the entry in the archive.
 *
 * @param key the object key in the state bucket (1 to 1024 UTF-8 bytes, as S3 allows)
 * @param versionId the S3 version id it was read at ("null" for unversioned objects)
 * @param lastModified when S3 says that version was written
 * @param contentType the stored content type, or null
 * @param metadata the user metadata (lower-case names, as S3 returns them); at most 64 entries
 * @param length the number of bytes
 */
public record ArchiveEntry(
    String key,
    String versionId,
    Instant lastModified,
    String contentType,
    Map<String, String> metadata,
    long length) {

  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_VERSION_BYTES = 1024;
  static final int MAX_CONTENT_TYPE_BYTES = 1024;
  static final int MAX_METADATA_ENTRIES = 64;
  static final int MAX_METADATA_STRING_BYTES = 2048;

  public ArchiveEntry {
    if (key == null || key.isEmpty() || utf8(key) > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("entry key must be 1 to 1024 UTF-8 bytes");
    }
    if (versionId == null || versionId.isEmpty() || utf8(versionId) > MAX_VERSION_BYTES) {
      throw new IllegalArgumentException("entry version id is invalid");
    }
    if (lastModified == null) {
      throw new IllegalArgumentException("entry last-modified time is required");
    }
    if (contentType != null && utf8(contentType) > MAX_CONTENT_TYPE_BYTES) {
      throw new IllegalArgumentException("entry content type is too long");
    }
    if (length < 0) {
      throw new IllegalArgumentException("entry length must not be negative");
    }
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException("entry has too much metadata");
    }
    for (Map.Entry<String, String> m : metadata.entrySet()) {
      if (m.getKey() == null
          || m.getValue() == null
          || utf8(m.getKey()) > MAX_METADATA_STRING_BYTES
          || utf8(m.getValue()) > MAX_METADATA_STRING_BYTES) {
        throw new IllegalArgumentException("entry metadata is invalid");
      }
    }
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
