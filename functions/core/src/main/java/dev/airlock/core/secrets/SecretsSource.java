package dev.airlock.core.secrets;

import java.util.List;
import java.util.Optional;

/**
 * Named secrets that hold a list of values (e.g. webhook signing secrets: the current one and,
 * during rotation, the previous one). Fails closed: a secret that is absent, unreadable or empty is
 * {@link Optional#empty()}, and callers answer "not configured" (503) instead of accepting
 * unverified input.
 */
public interface SecretsSource {

  /**
   * The non-blank values of secret {@code name}, in stored order, or empty if there are none. Never
   * throws for a missing or malformed secret; values never appear in logs or exceptions.
   */
  Optional<List<String>> secretList(String name);
}
