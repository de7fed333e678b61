package dev.airlock.core.message;

import dev.airlock.core.audit.RedactionGuard;
import dev.airlock.core.state.StateKeys;
import io.micronaut.serde.annotation.Serdeable;
import java.util.regex.Pattern;

/**
 * A request to delete an account, as it travels on the account-deletion queue from the function
 * that decides it (billing, on {@code customer.subscription.deleted} for an account set to delete
 * on cancel) to the accounts function that carries it out. Identifiers only: the account id, a
 * reason token and who asked (e.g. {@code stripe:<event id>}); never a payload, a customer's data
 * or a secret. Versioned: a consumer refuses a {@code version} it does not know.
 *
 * <p>Duplicates are harmless: deletion is idempotent (a second request for a deleted account
 * returns the stored certificate and changes nothing).
 *
 * @throws IllegalArgumentException naming the field (never its value) if one is missing or
 *     malformed
 */
@Serdeable
public record AccountDeletionMessage(
    int version, String accountId, String reason, String requestedBy) {

  /** The only version this build writes and reads. */
  public static final int CURRENT_VERSION = 1;

  /** The reason of a deletion caused by a canceled subscription. */
  public static final String SUBSCRIPTION_CANCELED = "subscription-canceled";

  private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9\\-]{0,40}");
  private static final Pattern REQUESTED_BY =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/@+\\-]{0,127}");
  private static final Pattern STRIPE_EVENT = Pattern.compile("evt_[A-Za-z0-9]{1,100}");

  public AccountDeletionMessage {
    Checks.require(version == CURRENT_VERSION, "unsupported message version");
    try {
      StateKeys.account(accountId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("accountId is invalid");
    }
    Checks.require(reason != null && REASON.matcher(reason).matches(), "reason is invalid");
    Checks.require(
        requestedBy != null
            && REQUESTED_BY.matcher(requestedBy).matches()
            && RedactionGuard.isClean(requestedBy),
        "requestedBy is invalid");
  }

  /**
   * The request billing sends when Stripe deleted (canceled) the subscription of an account set to
   * delete on cancel.
   *
   * @param stripeEventId the {@code customer.subscription.deleted} event's id ({@code evt_…})
   */
  public static AccountDeletionMessage subscriptionCanceled(
      String accountId, String stripeEventId) {
    Checks.require(
        stripeEventId != null && STRIPE_EVENT.matcher(stripeEventId).matches(),
        "stripeEventId is invalid");
    return new AccountDeletionMessage(
        CURRENT_VERSION, accountId, SUBSCRIPTION_CANCELED, "stripe:" + stripeEventId);
  }
}
