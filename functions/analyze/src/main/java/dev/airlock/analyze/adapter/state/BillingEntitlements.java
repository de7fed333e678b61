package dev.airlock.analyze.adapter.state;

import dev.airlock.analyze.port.EntitlementCheck;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.Entitlement;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.json.MalformedJsonException;
import dev.airlock.core.tenant.TenantDocuments;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@link EntitlementCheck} from the account's billing document ({@link
 * dev.airlock.core.state.StateKeys#billing}, kind {@link BillingDocument#KIND}, sealed under the
 * tenant key by the billing function) and core's {@link Entitlement} rule.
 *
 * <p>A public repository is allowed without reading anything. For a private one the document is
 * read and decrypted on every job (no cache: a cancellation takes effect with the next job), and
 * every doubt denies:
 *
 * <ul>
 *   <li>no document, no status, or a status other than {@code active}/{@code trialing};
 *   <li>the tenant key is disabled, pending deletion or gone (the account was shredded);
 *   <li>the object fails authentication (tampered with, or copied from another account or key) or
 *       its plaintext is not a valid billing document.
 * </ul>
 *
 * Each denial writes one audit record {@code entitlement.denied} with a reason code and the account
 * id only — never the document or any of its fields. A failure that says nothing about the account
 * (the state store or KMS unreachable, throttled or refusing this role) is not a denial: it
 * propagates, and the job is retried, still without any code having been fetched.
 */
public final class BillingEntitlements implements EntitlementCheck {
  static final String DENIED = "entitlement.denied";
  static final String NO_DOCUMENT = "no-billing-document";
  static final String NOT_ACTIVE = "subscription-not-active";
  static final String KEY_UNAVAILABLE = "account-key-unavailable";
  static final String UNREADABLE = "billing-document-unreadable";
  static final String INVALID = "billing-document-invalid";

  private final TenantDocuments documents;
  private final AuditLog audit;
  private final Clock clock;

  public BillingEntitlements(TenantDocuments documents, AuditLog audit, Clock clock) {
    this.documents = documents;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public boolean mayAnalyze(String accountId, boolean privateRepository) {
    if (!privateRepository) {
      // Public repositories are analyzed regardless of billing: nothing to read, nothing to fail.
      return true;
    }
    Optional<BillingDocument> billing;
    try {
      billing = BillingDocument.read(documents, accountId);
    } catch (KeyUnavailableException e) {
      return deny(accountId, KEY_UNAVAILABLE);
    } catch (InvalidCiphertextException e) {
      return deny(accountId, UNREADABLE);
    } catch (MalformedJsonException e) {
      return deny(accountId, INVALID);
    }
    if (Entitlement.allowsAnalysis(true, billing)) {
      return true;
    }
    return deny(accountId, billing.isEmpty() ? NO_DOCUMENT : NOT_ACTIVE);
  }

  private boolean deny(String accountId, String reason) {
    audit.record(
        new AuditRecord(
            clock.instant(), DENIED, "rejected", reason, Map.of("accountId", accountId)));
    return false;
  }
}
