package dev.airlock.core.state;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Optimistic read-modify-write of one document in a {@link StateStore}: read the current version,
 * apply a pure change, write it back only if nobody else wrote in between ({@code If-None-Match: *}
 * for a new document, {@code If-Match: <etag>} otherwise), and on a lost race start over from a
 * fresh read. Never overwrites blindly, so concurrent updates are serialised, not lost.
 */
public final class Documents {

  /** Attempts used by the overload without an explicit limit. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  private Documents() {}

  /**
   * Updates the document at {@code key}.
   *
   * @param change receives the current document (empty if absent) and returns the new one (never
   *     null). It may run several times, so it must not have side effects. If it returns a value
   *     equal to the current one, nothing is written.
   * @return the document as written (or as found, if unchanged)
   * @throws ConcurrentUpdateException if every attempt lost a race
   * @throws StateStoreException if the store fails
   * @throws IllegalArgumentException if the stored bytes cannot be decoded
   */
  public static <T> T update(
      StateStore store,
      String key,
      Function<Optional<T>, T> change,
      Codec<T> codec,
      int maxAttempts) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(codec, "codec");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Optional<StoredObject> current = store.get(key);
      Optional<T> before = current.map(o -> codec.decode(o.value()));
      T after = change.apply(before);
      if (after == null) {
        throw new IllegalArgumentException("change returned no document");
      }
      if (before.isPresent() && before.get().equals(after)) {
        return after;
      }
      byte[] bytes = codec.encode(after);
      WriteResult result =
          current.isEmpty()
              ? store.createIfAbsent(key, bytes, codec.metadata())
              : store.replaceIfMatch(key, bytes, current.get().etag(), codec.metadata());
      if (result.written()) {
        return after;
      }
    }
    throw new ConcurrentUpdateException(key, maxAttempts);
  }

  /**
   * {@link #update(StateStore, String, Function, Codec, int)} with {@link #DEFAULT_MAX_ATTEMPTS}.
   */
  public static <T> T update(
      StateStore store, String key, Function<Optional<T>, T> change, Codec<T> codec) {
    return update(store, key, change, codec, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Reads and decodes the document at {@code key}, or empty if absent.
   *
   * @throws IllegalArgumentException if the stored bytes cannot be decoded
   */
  public static <T> Optional<T> read(StateStore store, String key, Codec<T> codec) {
    return store.get(key).map(o -> codec.decode(o.value()));
  }
}
