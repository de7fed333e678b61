package dev.airlock.billing.domain;

import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.EventObject;
import dev.airlock.billing.domain.StripeEvent.InvoiceNotice;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.billing.port.AccountPreferences;
import dev.airlock.billing.port.BillingLedger;
import dev.airlock.billing.port.CustomerDirectory;
import dev.airlock.billing.port.EventMarkers;
import dev.airlock.billing.port.SigningSecrets;
import dev.airlock.billing.port.StripeSignatureCheck;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.message.AccountDeletionMessage;
import dev.airlock.core.message.AccountDeletionQueue;
import dev.airlock.core.message.EnqueueException;
import dev.airlock.core.state.ConcurrentUpdateException;
import dev.airlock.core.state.SensitiveDataRefusedException;
import dev.airlock.core.state.StateStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The billing webhook's use case: one request from Stripe in; one answer and exactly one audit
 * record ({@value #AUDIT_ACTION}: event id, type, account, customer, outcome — never the payload)
 * out. In order:
 *
 * <ol>
 *   <li>body size (413); signing secrets configured (else 503, fail closed); signature ({@link
 *       StripeSignatureVerifier}; 400). Nothing is parsed, read or stored before this passes.
 *   <li>the event, by projection ({@link StripeEventParser}; 400 if unreadable). An unhandled type
 *       is answered 200 ignored and stores nothing — so card-bearing events ({@code
 *       payment_method.*}, {@code charge.*}) leave no trace but an audit record of id and type.
 *   <li>idempotency: the event's marker is created conditionally ({@link EventMarkers#claim}). A
 *       marker in a final state means a duplicate: 200, nothing changes.
 *   <li>mode: an event whose {@code livemode} is not this deployment's {@link StripeMode} is
 *       answered 200 ignored {@value #LIVEMODE_MISMATCH}; its marker becomes final, nothing else is
 *       read or stored.
 *   <li>routing to an account: {@code checkout.session.completed} links its customer to the account
 *       in {@code client_reference_id}; other events find the account through that link or, before
 *       it exists, through {@code metadata.airlock_account_id} on the subscription; neither → 200
 *       ignored {@code unknown-customer}, marker left re-processable.
 *   <li>the change ({@link BillingRules}) through optimistic read-modify-write of the account's
 *       tenant-encrypted billing document; then the marker records the outcome.
 *   <li>deletion on cancel: when a {@value #SUBSCRIPTION_DELETED} event is <em>applied</em> (not
 *       when it is a duplicate or stale), no subscription of the account is live or announced after
 *       it, the account is set to delete on cancel ({@link AccountPreferences}) and the event is at
 *       least {@link BillingSettings#deletionGrace()} old (before that: 503 {@code
 *       deletion-deferred}, Stripe delivers it again), an {@link AccountDeletionMessage} (account
 *       id, reason {@code subscription-canceled}, {@code stripe:<event id>}) goes to the {@link
 *       AccountDeletionQueue} before the marker becomes final; if the queue refuses it, 503 and
 *       Stripe retries.
 * </ol>
 *
 * <p>Crash safety: the marker is written first as {@code RECEIVED} and moved to its final state
 * only after the change is stored. If the function dies in between, Stripe's retry finds {@code
 * RECEIVED}, processes the event again, and the document's last-applied event id makes that second
 * application a no-op if the first one had been stored. Outages (state store, KMS) answer 503 so
 * Stripe retries.
 */
public final class BillingService {

  /** The audit action of every request. */
  public static final String AUDIT_ACTION = "billing.stripe-event";

  /** The answer to a verified event of the other Stripe mode ({@link BillingSettings#mode()}). */
  public static final String LIVEMODE_MISMATCH = "livemode-mismatch";

  /** The event type that can trigger account deletion. */
  public static final String SUBSCRIPTION_DELETED = "customer.subscription.deleted";

  private final BillingSettings settings;
  private final SigningSecrets secrets;
  private final StripeSignatureVerifier verifier;
  private final StripeEventParser parser = new StripeEventParser();
  private final EventMarkers markers;
  private final CustomerDirectory customers;
  private final BillingLedger ledger;
  private final AccountPreferences preferences;
  private final AccountDeletionQueue deletions;
  private final AuditLog audit;
  private final Clock clock;

  public BillingService(
      BillingSettings settings,
      SigningSecrets secrets,
      StripeSignatureCheck signatureCheck,
      EventMarkers markers,
      CustomerDirectory customers,
      BillingLedger ledger,
      AccountPreferences preferences,
      AccountDeletionQueue deletions,
      AuditLog audit,
      Clock clock) {
    if (settings == null
        || preferences == null
        || deletions == null
        || secrets == null
        || signatureCheck == null
        || markers == null
        || customers == null
        || ledger == null
        || audit == null
        || clock == null) {
      throw new IllegalArgumentException("every collaborator is required");
    }
    this.settings = settings;
    this.secrets = secrets;
    this.verifier =
        new StripeSignatureVerifier(signatureCheck, settings.signatureTolerance(), clock);
    this.markers = markers;
    this.customers = customers;
    this.ledger = ledger;
    this.preferences = preferences;
    this.deletions = deletions;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Handles one request. Never throws for any header or body: every such problem is a 4xx answer;
   * infrastructure failures are a 503 (Stripe retries) and are audited as failed.
   *
   * @param signatureHeaders every value of the {@code Stripe-Signature} header
   * @param body the raw body (null is treated as empty)
   */
  public BillingResponse handle(List<String> signatureHeaders, byte[] body) {
    Instant now = clock.instant();
    Map<String, String> ids = new LinkedHashMap<>();
    Outcome outcome;
    try {
      outcome = decide(signatureHeaders, body == null ? new byte[0] : body, ids);
    } catch (ConcurrentUpdateException e) {
      outcome = Outcome.failed(503, "state-contended", ids);
    } catch (StateStoreException | KeyServiceException e) {
      outcome = Outcome.failed(503, "state-unavailable", ids);
    } catch (InvalidCiphertextException e) {
      outcome = Outcome.failed(503, "state-unreadable", ids);
    } catch (EnqueueException e) {
      outcome = Outcome.failed(503, "queue-unavailable", ids);
    } catch (SensitiveDataRefusedException e) {
      outcome = Outcome.rejected(400, "sensitive-data-refused", ids);
    }
    audit.record(
        new AuditRecord(now, AUDIT_ACTION, outcome.audit(), outcome.response().reason(), ids));
    return outcome.response();
  }

  private Outcome decide(List<String> headers, byte[] body, Map<String, String> ids) {
    if (body.length > settings.maxBodyBytes()) {
      return Outcome.rejected(413, "body-too-large", ids);
    }
    Verification verification = verifier.verify(headers, body, secrets.current());
    if (verification instanceof Verification.NotConfigured) {
      return Outcome.failed(503, "not-configured", ids);
    }
    if (verification instanceof Verification.Refused refused) {
      return Outcome.rejected(400, refused.reason(), ids);
    }
    StripeEvent event;
    try {
      event = parser.parse(((Verification.Verified) verification).payload());
    } catch (MalformedEventException e) {
      return Outcome.rejected(400, e.reason(), ids);
    }
    ids.put("eventId", event.id());
    ids.put("type", event.type());
    boolean modeMatches = settings.mode().accepts(event.livemode());
    if (event.object().isEmpty()) {
      return Outcome.ignored(modeMatches ? "event-type-not-handled" : LIVEMODE_MISMATCH, ids);
    }
    EventMarkers.Claim claim = markers.claim(event.id(), event.type());
    if (claim.previous().map(MarkerState::isFinal).orElse(false)) {
      return Outcome.ignored("duplicate", ids);
    }
    if (!modeMatches) {
      // The other Stripe mode's event (a test endpoint's secret configured in production, or the
      // reverse): read nothing, change nothing; the final marker makes redeliveries duplicates.
      ids.put("livemode", Boolean.toString(event.livemode()));
      markers.finish(claim, event.type(), MarkerState.IGNORED);
      return Outcome.ignored(LIVEMODE_MISMATCH, ids);
    }
    Routed routed;
    try {
      routed = route(event, event.object().get(), ids);
    } catch (KeyUnavailableException e) {
      // The tenant key is missing or shredded: nothing can be stored for the account. A resend
      // (after the account is set up) is processed again.
      routed = new Routed(MarkerState.UNRESOLVED, "account-key-unavailable");
    }
    if (routed.state() == MarkerState.RECEIVED) {
      // Deletion on cancel deferred: the change is stored, the marker stays re-processable, and
      // the non-2xx answer makes Stripe deliver the event again later.
      return Outcome.deferred(routed.reason(), ids);
    }
    markers.finish(claim, event.type(), routed.state());
    return routed.state() == MarkerState.APPLIED
        ? Outcome.accepted(routed.reason(), ids)
        : Outcome.ignored(routed.reason(), ids);
  }

  private record Routed(MarkerState state, String reason) {}

  private Routed route(StripeEvent event, EventObject object, Map<String, String> ids) {
    if (object instanceof CheckoutCompletion checkout) {
      return applyCheckout(checkout, ids);
    }
    Optional<String> customer = object.customerId();
    if (customer.isEmpty()) {
      return new Routed(MarkerState.IGNORED, "customer-missing");
    }
    ids.put("customerId", customer.get());
    String hint =
        object instanceof SubscriptionSnapshot s
            ? s.accountHint()
            : ((InvoiceNotice) object).accountHint();
    Optional<String> account = resolve(customer.get(), hint);
    if (account.isEmpty()) {
      return new Routed(MarkerState.UNRESOLVED, "unknown-customer");
    }
    ids.put("accountId", account.get());
    if (object instanceof SubscriptionSnapshot snapshot) {
      Optional<BillingDocument> stored =
          ledger.update(
              account.get(),
              current ->
                  BillingRules.applySubscription(current, event.id(), event.created(), snapshot));
      boolean applied =
          stored
              .flatMap(d -> d.subscription(snapshot.subscriptionId()))
              .map(sub -> event.id().equals(sub.lastEventId()))
              .orElse(false);
      if (!applied) {
        return new Routed(MarkerState.STALE, "stale");
      }
      if (SUBSCRIPTION_DELETED.equals(event.type())) {
        return deleteOnCancel(event, account.get(), stored.get(), ids);
      }
      return new Routed(MarkerState.APPLIED, "subscription-applied");
    }
    // Invoices change no subscription's state (a failed or action-required payment moves the
    // subscription to past_due/incomplete, which Stripe announces as a subscription event); they
    // only announce a subscription the document does not know yet.
    InvoiceNotice invoice = (InvoiceNotice) object;
    ledger.update(account.get(), current -> BillingRules.applyInvoice(current, invoice));
    return new Routed(MarkerState.APPLIED, "invoice-recorded");
  }

  /**
   * After a {@value #SUBSCRIPTION_DELETED} event was applied: requests the account's deletion only
   * if the account is set to delete on cancel and, after this end, no subscription of the account
   * is live or announced ({@link BillingDocument#anyLiveOrAnnounced()}) — the end of one
   * subscription says nothing of another one the customer pays for. Because the creation of such
   * another subscription may simply not have arrived yet, the decision waits until the event is
   * {@link BillingSettings#deletionGrace()} old: until then the answer is 503 {@code
   * deletion-deferred} (the change is stored, the marker stays re-processable) and Stripe delivers
   * the event again later, when the decision is taken with everything that arrived meanwhile.
   */
  private Routed deleteOnCancel(
      StripeEvent event, String account, BillingDocument stored, Map<String, String> ids) {
    if (stored.anyLiveOrAnnounced()) {
      // Another subscription may still be paid for: keep the account, whatever its setting.
      return new Routed(MarkerState.APPLIED, "subscription-applied");
    }
    if (!preferences.deleteOnCancel(account)) {
      return new Routed(MarkerState.APPLIED, "subscription-applied");
    }
    Instant decidable = Instant.ofEpochSecond(event.created()).plus(settings.deletionGrace());
    if (!settings.deletionGrace().isZero() && clock.instant().isBefore(decidable)) {
      ids.put("deletionDeferred", "true");
      return new Routed(MarkerState.RECEIVED, "deletion-deferred");
    }
    // Before the marker becomes final: if this fails, Stripe's retry re-applies the event (a
    // no-op on the document) and sends the request again. A duplicate request is harmless.
    deletions.send(AccountDeletionMessage.subscriptionCanceled(account, event.id()));
    ids.put("deletionRequested", "true");
    return new Routed(MarkerState.APPLIED, "subscription-applied");
  }

  private Routed applyCheckout(CheckoutCompletion checkout, Map<String, String> ids) {
    if (checkout.accountReference() == null) {
      return new Routed(MarkerState.IGNORED, "client-reference-missing");
    }
    ids.put("accountId", checkout.accountReference());
    if (checkout.customer() == null) {
      return new Routed(MarkerState.IGNORED, "customer-missing");
    }
    ids.put("customerId", checkout.customer());
    CustomerDirectory.LinkResult link =
        customers.link(checkout.customer(), checkout.accountReference());
    if (link == CustomerDirectory.LinkResult.LINKED_TO_OTHER_ACCOUNT) {
      return new Routed(MarkerState.IGNORED, "customer-linked-to-other-account");
    }
    ledger.update(
        checkout.accountReference(), current -> BillingRules.applyCheckout(current, checkout));
    return new Routed(MarkerState.APPLIED, "customer-linked");
  }

  /** The linked account; else the subscription's account metadata, which then becomes the link. */
  private Optional<String> resolve(String customer, String accountHint) {
    Optional<String> linked = customers.accountFor(customer);
    if (linked.isPresent() || accountHint == null) {
      return linked;
    }
    if (customers.link(customer, accountHint)
        == CustomerDirectory.LinkResult.LINKED_TO_OTHER_ACCOUNT) {
      return customers.accountFor(customer);
    }
    return Optional.of(accountHint);
  }

  private record Outcome(BillingResponse response, String audit) {
    static Outcome accepted(String reason, Map<String, String> ids) {
      return new Outcome(BillingResponse.accepted(reason, ids.get("eventId")), "accepted");
    }

    static Outcome ignored(String reason, Map<String, String> ids) {
      return new Outcome(BillingResponse.ignored(reason, ids.get("eventId")), "ignored");
    }

    static Outcome rejected(int status, String reason, Map<String, String> ids) {
      return new Outcome(BillingResponse.rejected(status, reason, ids.get("eventId")), "rejected");
    }

    /** Audited as accepted (the change is stored); the reason says the deletion waits. */
    static Outcome deferred(String reason, Map<String, String> ids) {
      return new Outcome(BillingResponse.deferred(reason, ids.get("eventId")), "accepted");
    }

    static Outcome failed(int status, String reason, Map<String, String> ids) {
      return new Outcome(BillingResponse.error(status, reason, ids.get("eventId")), "failed");
    }
  }
}
