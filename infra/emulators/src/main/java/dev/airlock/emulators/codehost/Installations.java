package dev.airlock.emulators.codehost;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The installations the host knows and the stable numeric ids it gives their repositories. */
final class Installations {

  /** The permissions every local installation holds: GitHub's minimum for a read-only clone. */
  static final Map<String, String> PERMISSIONS = Map.of("contents", "read", "metadata", "read");

  private final Map<Long, Installation> byId = new ConcurrentHashMap<>();
  private final Map<String, Long> repositoryIds = new ConcurrentHashMap<>();
  private final Map<Long, String> repositoriesById = new ConcurrentHashMap<>();
  private final AtomicLong nextRepositoryId = new AtomicLong(100_000);

  void register(Installation installation) {
    installation.repositories().forEach(this::repositoryId);
    byId.put(installation.id(), installation);
  }

  Optional<Installation> find(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  long repositoryId(String fullName) {
    return repositoryIds.computeIfAbsent(
        fullName,
        name -> {
          long id = nextRepositoryId.incrementAndGet();
          repositoriesById.put(id, name);
          return id;
        });
  }

  Optional<String> repositoryById(long id) {
    return Optional.ofNullable(repositoriesById.get(id));
  }
}
