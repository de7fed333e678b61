package dev.airlock.core.state;

import java.util.Map;

/** One current object version: its bytes, ETag (for {@code If-Match}) and user metadata. */
public record StoredObject(String key, byte[] value, String etag, Map<String, String> metadata) {
  public StoredObject {
    metadata = Map.copyOf(metadata);
  }
}
