package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.BillingTestStack.Response;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.Entitlement;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.AccountSettings;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Deletion on cancel: a {@code customer.subscription.deleted} event that is applied for an account
 * set to delete on cancel, after which no subscription of the account is live or announced, puts
 * exactly one identifiers-only request on the account-deletion queue (its own queue on ElasticMQ
 * here) once the event is older than the grace ({@value #GRACE_SECONDS} s here; before that the
 * answer is 503 {@code deletion-deferred} and Stripe redelivers); duplicates, stale events, events
 * of the other Stripe mode, accounts without the setting and accounts with another live
 * subscription put nothing there; a queue that refuses answers 503 so Stripe retries.
 */
@ExtendWith(LocalAwsExtension.class)
class DeleteOnCancelIT {
  private static LocalAws aws;
  private static BillingTestStack stack;
  private static String queueUrl;

  /** The deletion grace of this class's stack: short, so a test can outwait it. */
  static final int GRACE_SECONDS = 2;

  /** Event times well past the grace, as Stripe's retries of old events have. */
  private static final long PAST = Instant.now().getEpochSecond() - 7200;

  @BeforeAll
  static void start(LocalAws localAws) {
    aws = localAws;
    byte[] r = new byte[5];
    ThreadLocalRandom.current().nextBytes(r);
    queueUrl =
        aws.sqs()
            .createQueue(q -> q.queueName("billing-it-deletions-" + HexFormat.of().formatHex(r)))
            .queueUrl();
    stack =
        new BillingTestStack(
            aws,
            BillingTestStack.Options.defaults()
                .property("airlock.queues.account-deletion", queueUrl)
                .property("airlock.billing.deletion-grace", GRACE_SECONDS + "s"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void drain() {
    received();
  }

  /** Every message now on the queue (removed from it). */
  private static List<String> received() {
    List<String> bodies = new ArrayList<>();
    while (true) {
      List<Message> batch =
          aws.sqs()
              .receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      if (batch.isEmpty()) {
        return bodies;
      }
      for (Message m : batch) {
        bodies.add(m.body());
        aws.sqs().deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }

  /** An account with a key and a profile as the webhook creates it; optionally delete on cancel. */
  private static String account(Boolean deleteOnCancel) {
    String account = stack.newAccount();
    TenantDocuments docs = stack.context().getBean(TenantDocuments.class);
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("version", 1);
    profile.put("accountId", account);
    profile.put("provider", "github");
    profile.put("status", "active");
    profile.put("createdAt", "2026-01-01T00:00:00Z");
    docs.create(
        account, AccountSettings.KIND, StateKeys.accountProfile(account), Json.write(profile));
    if (deleteOnCancel != null) {
      assertTrue(new AccountSettings(docs).setDeleteOnCancel(account, deleteOnCancel));
    }
    return account;
  }

  private static String subscriptionEvent(
      String eventId, String type, long created, String account, String sub, String status) {
    return subscriptionEvent(
        eventId, type, created, account, sub, "cus_" + sub.substring(4), status);
  }

  private static String subscriptionEvent(
      String eventId,
      String type,
      long created,
      String account,
      String sub,
      String customer,
      String status) {
    Map<String, Object> object = TestObjects.subscription(sub, customer, status);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    Map<String, Object> m =
        metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
    m.put("airlock_account_id", account);
    object.put("metadata", m);
    return JsonText.pretty(StripeEvents.envelope(eventId, type, created, object));
  }

  @Test
  void
      handleRequest_shouldEnqueueOneIdentifiersOnlyRequest_whenADeleteOnCancelSubscriptionIsDeleted() {
    String u = TestObjects.unique();
    String account = account(true);
    String sub = "sub_doc" + u;
    stack.send(
        subscriptionEvent(
            "evt_docup" + u, "customer.subscription.updated", PAST, account, sub, "active"));
    assertEquals(List.of(), received(), "an update requests nothing");
    String deleted =
        subscriptionEvent(
            "evt_docdel" + u,
            "customer.subscription.deleted",
            PAST + 100,
            account,
            sub,
            "canceled");
    int audits = stack.audit().size();

    Response first = stack.send(deleted);
    List<String> afterFirst = received();
    Response again = stack.send(deleted);
    List<String> afterAgain = received();

    assertEquals(200, first.status(), first.raw());
    assertEquals("subscription-applied", first.get("reason"));
    assertEquals(
        List.of(
            "{\"version\":1,\"accountId\":\""
                + account
                + "\",\"reason\":\"subscription-canceled\",\"requestedBy\":\"stripe:evt_docdel"
                + u
                + "\"}"),
        afterFirst,
        "exactly the identifiers, nothing of the event");
    AuditRecord audit = stack.audit().get(audits);
    assertEquals("true", audit.ids().get("deletionRequested"));
    assertEquals("duplicate", again.get("reason"));
    assertEquals(List.of(), afterAgain, "a redelivered event requests nothing more");
    assertEquals("canceled", stack.billing(account).get().primary().orElseThrow().status());
  }

  @Test
  void handleRequest_shouldEnqueueNothing_whenTheAccountIsNotSetToDeleteOnCancel() {
    String u = TestObjects.unique();
    for (Boolean setting : new Boolean[] {null, false}) {
      String account = account(setting);
      String sub = "sub_keep" + u + (setting == null ? "n" : "f");
      Response r =
          stack.send(
              subscriptionEvent(
                  "evt_keep" + u + (setting == null ? "n" : "f"),
                  "customer.subscription.deleted",
                  1_800_000_100L,
                  account,
                  sub,
                  "canceled"));

      assertEquals("subscription-applied", r.get("reason"), r.raw());
      assertEquals(List.of(), received(), "setting " + setting);
      assertEquals("canceled", stack.billing(account).get().primary().orElseThrow().status());
    }
    // An account without any profile (never enrolled through the webhook) defaults to keep too.
    String bare = stack.newAccount();
    Response r =
        stack.send(
            subscriptionEvent(
                "evt_bare" + u,
                "customer.subscription.deleted",
                1_800_000_100L,
                bare,
                "sub_bare" + u,
                "canceled"));
    assertEquals("subscription-applied", r.get("reason"), r.raw());
    assertEquals(List.of(), received());
  }

  @Test
  void handleRequest_shouldEnqueueNothing_whenAnotherSubscriptionEndsWhileANewerOneIsActive() {
    String u = TestObjects.unique();
    String account = account(true);
    String sub = "sub_old" + u;
    stack.send(
        subscriptionEvent(
            "evt_oldnew" + u,
            "customer.subscription.created",
            PAST + 500,
            account,
            "sub_new" + u,
            "active"));

    Response r =
        stack.send(
            subscriptionEvent(
                "evt_olddel" + u,
                "customer.subscription.deleted",
                PAST + 100,
                account,
                sub,
                "canceled"));

    assertEquals(200, r.status(), r.raw());
    assertEquals("subscription-applied", r.get("reason"), "its own end is recorded");
    assertEquals(List.of(), received(), "another subscription is active: nothing requested");
    BillingDocument doc = stack.billing(account).get();
    assertEquals("active", doc.subscription("sub_new" + u).get().status());
    assertEquals("canceled", doc.subscription(sub).get().status());
    assertTrue(Entitlement.allowsPrivateAnalysis(doc));
  }

  /**
   * Defect caught: the old subscription's end delivered <em>before</em> the creation of a newer
   * subscription that began while the old one ran showed the end in the document and, the account
   * being set to delete on cancel, queued the deletion (crypto-shredding) of a paying customer. Now
   * the decision waits out the grace (503, Stripe redelivers) and is taken with what arrived
   * meanwhile.
   */
  @Test
  void handleRequest_shouldQueueNoDeletion_whenTheNewSubscriptionsCreationArrivesAfterTheOldEnd()
      throws InterruptedException {
    String u = TestObjects.unique();
    String account = account(true);
    String customer = "cus_late" + u;
    stack.send(
        subscriptionEvent(
            "evt_lateoc" + u,
            "customer.subscription.created",
            PAST,
            account,
            "sub_lateold" + u,
            customer,
            "active"));
    long now = Instant.now().getEpochSecond();
    String oldEnd =
        subscriptionEvent(
            "evt_lateod" + u,
            "customer.subscription.deleted",
            now,
            account,
            "sub_lateold" + u,
            customer,
            "canceled");

    Response deferred = stack.send(oldEnd);
    AuditRecord deferredAudit = stack.audit().get(stack.audit().size() - 1);
    Response created =
        stack.send(
            subscriptionEvent(
                "evt_latenc" + u,
                "customer.subscription.created",
                now - 60,
                account,
                "sub_latenew" + u,
                customer,
                "active"));
    Thread.sleep((GRACE_SECONDS + 1) * 1000L);
    Response redelivered = stack.send(oldEnd);

    assertEquals(503, deferred.status(), deferred.raw());
    assertEquals("deferred", deferred.get("status"));
    assertEquals("deletion-deferred", deferred.get("reason"));
    assertEquals("true", deferredAudit.ids().get("deletionDeferred"));
    assertEquals("accepted", deferredAudit.outcome(), "the end itself was stored");
    assertEquals("deletion-deferred", deferredAudit.reason());
    assertEquals("subscription-applied", created.get("reason"), created.raw());
    assertEquals(200, redelivered.status(), redelivered.raw());
    assertEquals("subscription-applied", redelivered.get("reason"));
    assertEquals(List.of(), received(), "no deletion of a paying account");
    String marker =
        new String(
            stack.object(StateKeys.stripeEventMarker("evt_lateod" + u)), StandardCharsets.UTF_8);
    assertTrue(marker.contains("APPLIED"), marker);
    BillingDocument doc = stack.billing(account).get();
    assertTrue(Entitlement.allowsPrivateAnalysis(doc));
    assertEquals("sub_latenew" + u, doc.primary().orElseThrow().subscriptionId());
  }

  @Test
  void handleRequest_shouldQueueTheDeletionAfterTheGrace_whenNothingElseIsLive()
      throws InterruptedException {
    String u = TestObjects.unique();
    String account = account(true);
    String sub = "sub_only" + u;
    stack.send(
        subscriptionEvent(
            "evt_onlyc" + u, "customer.subscription.created", PAST, account, sub, "active"));
    String end =
        subscriptionEvent(
            "evt_onlyd" + u,
            "customer.subscription.deleted",
            Instant.now().getEpochSecond(),
            account,
            sub,
            "canceled");

    Response deferred = stack.send(end);
    List<String> duringGrace = received();
    boolean entitledDuringGrace = Entitlement.allowsPrivateAnalysis(stack.billing(account).get());
    Thread.sleep((GRACE_SECONDS + 1) * 1000L);
    Response redelivered = stack.send(end);

    assertEquals(503, deferred.status(), deferred.raw());
    assertEquals(List.of(), duringGrace);
    assertFalse(entitledDuringGrace, "the end applies at once; only the deletion waits");
    assertEquals(200, redelivered.status(), redelivered.raw());
    assertEquals("subscription-applied", redelivered.get("reason"));
    assertEquals(1, received().size(), "exactly one deletion request");
    assertEquals("duplicate", stack.send(end).get("reason"));
  }

  @Test
  void handleRequest_shouldQueueNoDeletion_whenACheckoutAnnouncedAnotherSubscription() {
    String u = TestObjects.unique();
    String account = account(true);
    String customer = "cus_ann" + u;
    stack.send(
        JsonText.pretty(
            StripeEvents.envelope(
                "evt_annco" + u,
                "checkout.session.completed",
                PAST + 50,
                TestObjects.checkout(account, customer, "sub_annnew" + u))));

    Response r =
        stack.send(
            subscriptionEvent(
                "evt_annod" + u,
                "customer.subscription.deleted",
                PAST + 100,
                account,
                "sub_annold" + u,
                customer,
                "canceled"));

    assertEquals("subscription-applied", r.get("reason"), r.raw());
    assertEquals(List.of(), received(), "the announced subscription may be the paid one");
    assertTrue(stack.billing(account).get().subscription("sub_annnew" + u).get().announcedOnly());
  }

  @Test
  void handleRequest_shouldIgnoreAndStoreAndQueueNothing_whenTheEventIsOfTheOtherMode() {
    String u = TestObjects.unique();
    String account = account(true);
    String sub = "sub_mode" + u;
    Map<String, Object> object = TestObjects.subscription(sub, "cus_mode" + u, "canceled");
    object.put("metadata", Map.of("airlock_account_id", account));
    Map<String, Object> live =
        StripeEvents.envelope("evt_mode" + u, "customer.subscription.deleted", PAST, object);
    live.put("livemode", true);
    Map<String, List<String>> before = stack.versions();
    int audits = stack.audit().size();

    Response r = stack.send(JsonText.pretty(live));
    Response again = stack.send(JsonText.pretty(live));

    assertEquals(200, r.status(), r.raw());
    assertEquals(
        Map.of("status", "ignored", "reason", "livemode-mismatch", "eventId", "evt_mode" + u),
        r.body());
    assertEquals("duplicate", again.get("reason"), "its marker is final");
    assertEquals(List.of(), received(), "nothing queued");
    assertTrue(stack.billing(account).isEmpty(), "no billing document");
    Map<String, List<String>> after = stack.versions();
    after.remove(StateKeys.stripeEventMarker("evt_mode" + u));
    assertEquals(before, after, "nothing but the event's marker was written");
    assertFalse(stack.versions().containsKey(StateKeys.stripeCustomer("cus_mode" + u)), "no link");
    String marker =
        new String(
            stack.object(StateKeys.stripeEventMarker("evt_mode" + u)), StandardCharsets.UTF_8);
    assertTrue(marker.contains("IGNORED"), marker);
    AuditRecord audit = stack.audit().get(audits);
    assertEquals("ignored", audit.outcome());
    assertEquals("livemode-mismatch", audit.reason());
    assertEquals("true", audit.ids().get("livemode"));
  }

  /**
   * A document stored before billing kept every subscription (version 1: one subscription at the
   * top level) is read as that subscription, so its live subscription still holds off the deletion,
   * and the next change stores it in the current form.
   */
  @Test
  void handleRequest_shouldUpgradeAVersionOneDocument_whenTheNextEventChangesIt() {
    String u = TestObjects.unique();
    String account = account(true);
    String customer = "cus_v1" + u;
    String v1 =
        "{\"customerId\":\""
            + customer
            + "\",\"subscriptionId\":\"sub_v1live"
            + u
            + "\",\"status\":\"active\",\"priceId\":\"price_1\",\"quantity\":1,"
            + "\"currentPeriodEnd\":1900000000,\"cancelAtPeriodEnd\":false,"
            + "\"lastEventId\":\"evt_v1old"
            + u
            + "\",\"lastEventCreated\":"
            + PAST
            + "}";
    TenantDocuments docs = stack.context().getBean(TenantDocuments.class);
    docs.create(
        account,
        BillingDocument.KIND,
        StateKeys.billing(account),
        v1.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "active",
        stack.billing(account).get().subscription("sub_v1live" + u).get().status(),
        "read as before");

    Response r =
        stack.send(
            subscriptionEvent(
                "evt_v1del" + u,
                "customer.subscription.deleted",
                PAST + 100,
                account,
                "sub_v1other" + u,
                customer,
                "canceled"));

    assertEquals("subscription-applied", r.get("reason"), r.raw());
    assertEquals(List.of(), received(), "the version 1 document's live subscription counts");
    String stored =
        new String(
            docs.read(account, BillingDocument.KIND, StateKeys.billing(account)).get().plaintext(),
            StandardCharsets.UTF_8);
    assertTrue(stored.contains("\"version\":2"), stored);
    assertTrue(stored.contains("\"subscriptions\":["), stored);
    BillingDocument doc = stack.billing(account).get();
    assertEquals(2, doc.subscriptions().size());
    assertEquals("evt_v1old" + u, doc.subscription("sub_v1live" + u).get().lastEventId());
    assertTrue(Entitlement.allowsPrivateAnalysis(doc));
  }

  /**
   * Defect caught: a customer whose first subscription's payment failed (Stripe keeps it {@code
   * incomplete} for 23 hours) subscribes again and pays; when the first one expires, Stripe sends
   * {@code customer.subscription.deleted} for it ({@code incomplete_expired}), newer than the paid
   * subscription's last event. It replaced the paid subscription in the billing document and, the
   * account being set to delete on cancel, queued the deletion of an account that is paying.
   */
  @Test
  void handleRequest_shouldKeepTheAccount_whenAnotherSubscriptionOfTheCustomerExpiresLater() {
    String u = TestObjects.unique();
    String account = account(true);
    String customer = "cus_two" + u;
    stack.send(
        subscriptionEvent(
            "evt_twofail" + u,
            "customer.subscription.created",
            1_800_000_000L,
            account,
            "sub_twofail" + u,
            customer,
            "incomplete"));
    Response paid =
        stack.send(
            subscriptionEvent(
                "evt_twopaid" + u,
                "customer.subscription.updated",
                1_800_000_600L,
                account,
                "sub_twopaid" + u,
                customer,
                "active"));
    assertEquals("subscription-applied", paid.get("reason"), paid.raw());

    Response expired =
        stack.send(
            subscriptionEvent(
                "evt_twoexp" + u,
                "customer.subscription.deleted",
                1_800_000_000L + 23 * 3600,
                account,
                "sub_twofail" + u,
                customer,
                "incomplete_expired"));

    assertEquals(200, expired.status(), expired.raw());
    assertEquals("subscription-applied", expired.get("reason"), "its own end is recorded");
    assertEquals(List.of(), received(), "no deletion requested for a paying account");
    assertEquals("active", stack.billing(account).get().primary().orElseThrow().status());
    assertEquals(
        "sub_twopaid" + u, stack.billing(account).get().primary().orElseThrow().subscriptionId());
    assertEquals(
        "incomplete_expired",
        stack.billing(account).get().subscription("sub_twofail" + u).get().status());
  }

  @Test
  void handleRequest_shouldAnswer503AndKeepTheEventRetryable_whenTheQueueRefuses() {
    String missingQueue = queueUrl + "-does-not-exist";
    try (BillingTestStack refusing =
        new BillingTestStack(
            aws,
            BillingTestStack.Options.defaults()
                .property("airlock.queues.account-deletion", missingQueue))) {
      String u = TestObjects.unique();
      String account = refusing.newAccount();
      TenantDocuments docs = refusing.context().getBean(TenantDocuments.class);
      docs.create(
          account,
          AccountSettings.KIND,
          StateKeys.accountProfile(account),
          ("{\"version\":1,\"accountId\":\"" + account + "\",\"deleteOnCancel\":true}")
              .getBytes(StandardCharsets.UTF_8));
      String eventId = "evt_refused" + u;
      String sub = "sub_refused" + u;

      Response r =
          refusing.send(
              subscriptionEvent(
                  eventId, "customer.subscription.deleted", PAST + 100, account, sub, "canceled"));

      assertEquals(503, r.status(), r.raw());
      assertEquals("queue-unavailable", r.get("reason"));
      String marker =
          new String(refusing.object(StateKeys.stripeEventMarker(eventId)), StandardCharsets.UTF_8);
      assertTrue(
          marker.contains("RECEIVED"), "not final, so a retry processes it again: " + marker);
      assertFalse(r.raw().contains(missingQueue), "no queue URL in the answer");
    }
  }
}
