package dev.airlock.accounts.domain;

import dev.airlock.core.audit.RedactionGuard;
import dev.airlock.core.state.StateKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.regex.Pattern;

/**
 * A request to delete an account: the payload of the accounts function and what the local CLI
 * builds. Self-validating: the account id must be a valid Airlock account id; {@code reason} is a
 * short token ({@code customer-request} when absent, or e.g. {@code subscription-deleted}, {@code
 * operator}); {@code requestedBy} is an optional identifier of who asked (a ticket or principal id,
 * never personal data), recorded in the audit log and the certificate.
 *
 * @throws IllegalArgumentException naming the field (never its value) if one is invalid
 */
@Serdeable
public record AccountDeletionRequest(
    String accountId, @Nullable String reason, @Nullable String requestedBy) {

  /** Reason recorded when the request names none. */
  public static final String DEFAULT_REASON = "customer-request";

  private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9\\-]{0,40}");
  private static final Pattern REQUESTED_BY =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/@+\\-]{0,127}");

  public AccountDeletionRequest {
    StateKeys.account(accountId);
    reason = reason == null || reason.isBlank() ? DEFAULT_REASON : reason;
    if (!REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException("reason must be a short lower-case token");
    }
    if (requestedBy != null && requestedBy.isBlank()) {
      requestedBy = null;
    }
    if (requestedBy != null
        && (!REQUESTED_BY.matcher(requestedBy).matches() || !RedactionGuard.isClean(requestedBy))) {
      throw new IllegalArgumentException("requestedBy must be a plain identifier");
    }
  }

  /** A request with the default reason and no requester. */
  public static AccountDeletionRequest of(String accountId) {
    return new AccountDeletionRequest(accountId, null, null);
  }
}
