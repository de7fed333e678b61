package dev.airlock.analyze.port;

/**
 * Whether an account may have a repository analyzed. The rule belongs to billing (an account with a
 * billing document must be {@code active} or {@code trialing} to have private repositories
 * analyzed); until billing supplies it, the composition root installs an allow-all implementation
 * (see the module README).
 */
public interface EntitlementCheck {

  /**
   * @param privateRepository whether the repository is private
   * @return whether to analyze; {@code false} refuses the job with {@code not-entitled}
   */
  boolean mayAnalyze(String accountId, boolean privateRepository);
}
