package dev.airlock.billing.port;

import java.util.Optional;

/**
 * Stripe customer → Airlock account links ({@code lookup/stripe-customers/<cus>.json}), plain JSON
 * with identifiers only, because they must be read before the account (and its key) is known. A
 * link is created once and never moved to another account.
 *
 * <p>Failures of the store throw {@link dev.airlock.core.state.StateStoreException}.
 */
public interface CustomerDirectory {

  /** What {@link #link} found or did. */
  enum LinkResult {
    /** This call created the link. */
    LINKED,
    /** The customer was already linked to this account. */
    ALREADY_LINKED,
    /** The customer is linked to another account; nothing was changed. */
    LINKED_TO_OTHER_ACCOUNT
  }

  /** The account linked to {@code customerId}, or empty. */
  Optional<String> accountFor(String customerId);

  /** Links {@code customerId} to {@code accountId} unless it is linked already (conditional). */
  LinkResult link(String customerId, String accountId);
}
