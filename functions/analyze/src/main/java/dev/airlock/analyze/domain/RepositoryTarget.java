package dev.airlock.analyze.domain;

import dev.airlock.core.message.Provider;
import java.net.URI;
import java.util.Objects;

/**
 * The repository a job may read, resolved by {@link CloneUrlPolicy}: the clone URL is built from
 * Airlock's configured code-host base and the repository's validated owner and name, never taken
 * from the queue message.
 */
public record RepositoryTarget(Provider provider, String owner, String name, URI cloneUrl) {
  public RepositoryTarget {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cloneUrl, "cloneUrl");
  }

  /** {@code owner/name}. */
  public String fullName() {
    return owner + "/" + name;
  }
}
