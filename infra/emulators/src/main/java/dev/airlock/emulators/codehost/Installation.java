package dev.airlock.emulators.codehost;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A GitHub App installation on one account, with the repositories it was granted ({@code
 * owner/name}, every owner equal to the account, as on GitHub). Tokens minted for it can reach
 * these repositories and nothing else, read-only.
 *
 * @throws IllegalArgumentException if the id is not positive, the account is not a safe owner name,
 *     or a repository is malformed or belongs to another account
 */
public record Installation(long id, String account, Set<String> repositories) {

  public Installation {
    if (id <= 0) {
      throw new IllegalArgumentException("installation id must be positive");
    }
    if (!RepositoryName.isSafeSegment(account)) {
      throw new IllegalArgumentException("installation account is invalid");
    }
    Objects.requireNonNull(repositories, "repositories");
    TreeSet<String> sorted = new TreeSet<>();
    for (String repository : repositories) {
      RepositoryName parsed = RepositoryName.parse(repository);
      if (!parsed.owner().equals(account)) {
        throw new IllegalArgumentException(
            "repository does not belong to the installation account");
      }
      sorted.add(parsed.fullName());
    }
    repositories = Collections.unmodifiableSortedSet(sorted);
  }

  static Installation of(long id, String account, Collection<String> repositories) {
    return new Installation(id, account, Set.copyOf(repositories));
  }
}
