package dev.airlock.core.billing;

import java.util.Optional;

/**
 * What an account's billing state entitles it to. The rule, in one place for every function that
 * decides (today the analyze worker, before it mints a token or clones):
 *
 * <ul>
 *   <li>Public repositories are analyzed regardless of billing.
 *   <li>Private repositories are analyzed only while <em>some</em> subscription of the account is
 *       {@code active} or {@code trialing} (a customer can hold several at once; one that ended or
 *       failed says nothing of another one they pay for). Every other status ({@code incomplete},
 *       {@code past_due}, {@code unpaid}, {@code paused}, {@code canceled}, {@code
 *       incomplete_expired}), a subscription only announced (no snapshot yet), an account with no
 *       billing document or with no subscription stop private analyses. A subscription set to
 *       cancel at period end stays {@code active} until Stripe cancels it, so it keeps its
 *       entitlement to the end of the paid period.
 * </ul>
 *
 * Fails closed: anything unknown means "not entitled" for private repositories.
 */
public final class Entitlement {
  private Entitlement() {}

  /** Whether the account may have private repositories analyzed. */
  public static boolean allowsPrivateAnalysis(BillingDocument billing) {
    return billing != null && billing.anyEntitling();
  }

  /** {@link #allowsPrivateAnalysis(BillingDocument)} for a document that may be absent. */
  public static boolean allowsPrivateAnalysis(Optional<BillingDocument> billing) {
    return billing != null && billing.map(Entitlement::allowsPrivateAnalysis).orElse(false);
  }

  /** Whether a repository may be analyzed: public ones always, private ones per the rule above. */
  public static boolean allowsAnalysis(
      boolean privateRepository, Optional<BillingDocument> billing) {
    return !privateRepository || allowsPrivateAnalysis(billing);
  }
}
