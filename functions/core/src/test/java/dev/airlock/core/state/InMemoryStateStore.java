package dev.airlock.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * In-process {@link StateStore} for unit tests of domain code that uses the port (the S3 adapter
 * itself is tested against S3Mock). Conditional semantics match the port's contract.
 */
class InMemoryStateStore implements StateStore {

  final TreeMap<String, StoredObject> objects = new TreeMap<>();
  int writes;

  @Override
  public synchronized Optional<StoredObject> get(String key) {
    return Optional.ofNullable(objects.get(key));
  }

  @Override
  public synchronized WriteResult createIfAbsent(
      String key, byte[] value, Map<String, String> metadata) {
    if (objects.containsKey(key)) {
      return new WriteResult.Conflict(key);
    }
    return put(key, value, metadata);
  }

  @Override
  public synchronized WriteResult replaceIfMatch(
      String key, byte[] value, String expectedEtag, Map<String, String> metadata) {
    StoredObject current = objects.get(key);
    if (current == null || !current.etag().equals(expectedEtag)) {
      return new WriteResult.Conflict(key);
    }
    return put(key, value, metadata);
  }

  private WriteResult put(String key, byte[] value, Map<String, String> metadata) {
    String etag = UUID.randomUUID().toString();
    objects.put(key, new StoredObject(key, value.clone(), etag, metadata));
    writes++;
    return new WriteResult.Written(etag);
  }

  @Override
  public synchronized List<String> list(String prefix) {
    return new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
  }

  @Override
  public synchronized int deleteAllVersions(String key) {
    return objects.remove(key) == null ? 0 : 1;
  }
}
