package dev.airlock.accounts.domain;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One stored version of an object (or a delete marker) in a versioned bucket: its key and version
 * id. Identifiers only.
 */
@Serdeable
public record VersionRef(String key, String versionId) {
  public VersionRef {
    if (key == null || key.isEmpty() || versionId == null || versionId.isEmpty()) {
      throw new IllegalArgumentException("a version needs a key and a version id");
    }
  }
}
