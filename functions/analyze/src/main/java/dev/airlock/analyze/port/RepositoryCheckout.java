package dev.airlock.analyze.port;

import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.CheckoutReport;
import dev.airlock.analyze.domain.CheckoutRules;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Workspace;
import java.time.Instant;

/**
 * Fetches exactly one commit (depth 1, no tags, no submodules, no LFS, no hooks, no filters) into a
 * workspace's git directory and writes its tree into the workspace's source directory, entry by
 * entry, under {@link CheckoutRules}. The token is used only through an in-memory credentials
 * provider.
 *
 * <p>Incremental: if the commit's first parent was analyzed and {@link BaselineCheck} says its
 * results can be carried forward, only the files that differ from the parent (added or changed
 * blobs) are written; the others are listed in {@link CheckoutReport#unchangedPaths()}. Every entry
 * of the commit still passes the rules and caps.
 */
public interface RepositoryCheckout {

  /** Whether the analysis of a parent commit can be carried forward to its child. */
  @FunctionalInterface
  interface BaselineCheck {
    /** Never carry anything forward: write and analyze every file. */
    BaselineCheck NONE = parentSha -> false;

    /**
     * @param parentSha the commit's first parent (lower-case hex)
     * @return whether the parent has a complete stored result of the same analyzer set
     */
    boolean usable(String parentSha);
  }

  /**
   * Checks out {@code commitSha} of {@code target}.
   *
   * @param rules the tree rules and caps, consulted for every entry before anything is written
   * @param deadline when fetch and checkout must be done ({@code clone-timeout})
   * @param baseline whether the first parent's results can be carried forward
   * @throws dev.airlock.analyze.domain.AnalysisException with the reason: a rule or cap ({@code
   *     unsafe-path}, {@code repository-too-large}, ...), {@code commit-not-found}, {@code
   *     clone-timeout}, {@code corrupt-repository}, or {@code fetch-failed} for transport errors
   */
  CheckoutReport checkout(
      RepositoryTarget target,
      String commitSha,
      AccessToken token,
      Workspace workspace,
      CheckoutRules rules,
      Instant deadline,
      BaselineCheck baseline);
}
