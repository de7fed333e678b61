package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.BillingTestStack.Response;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.AccountSettings;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
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
 * set to delete on cancel puts exactly one identifiers-only request on the account-deletion queue
 * (its own queue on ElasticMQ here); duplicates, stale events and accounts without the setting put
 * nothing there; a queue that refuses answers 503 so Stripe retries.
 */
@ExtendWith(LocalAwsExtension.class)
class DeleteOnCancelIT {
  private static LocalAws aws;
  private static BillingTestStack stack;
  private static String queueUrl;

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
                .property("airlock.queues.account-deletion", queueUrl));
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
            "evt_docup" + u,
            "customer.subscription.updated",
            1_800_000_000L,
            account,
            sub,
            "active"));
    assertEquals(List.of(), received(), "an update requests nothing");
    String deleted =
        subscriptionEvent(
            "evt_docdel" + u,
            "customer.subscription.deleted",
            1_800_000_100L,
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
  void handleRequest_shouldEnqueueNothing_whenAnOlderDeletedEventArrivesAfterANewerState() {
    String u = TestObjects.unique();
    String account = account(true);
    String sub = "sub_old" + u;
    // A new subscription's snapshot that is newer than the deleted event of the old one.
    stack.send(
        subscriptionEvent(
            "evt_oldnew" + u,
            "customer.subscription.created",
            1_800_000_500L,
            account,
            "sub_new" + u,
            "active"));

    Response r =
        stack.send(
            subscriptionEvent(
                "evt_olddel" + u,
                "customer.subscription.deleted",
                1_800_000_100L,
                account,
                sub,
                "canceled"));

    assertEquals(200, r.status(), r.raw());
    assertEquals("stale", r.get("reason"));
    assertEquals(List.of(), received(), "an ignored event requests nothing");
    assertEquals("active", stack.billing(account).get().primary().orElseThrow().status());
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
    assertEquals("stale", expired.get("reason"));
    assertEquals(List.of(), received(), "no deletion requested for a paying account");
    assertEquals("active", stack.billing(account).get().primary().orElseThrow().status());
    assertEquals(
        "sub_twopaid" + u, stack.billing(account).get().primary().orElseThrow().subscriptionId());
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
                  eventId,
                  "customer.subscription.deleted",
                  1_800_000_100L,
                  account,
                  sub,
                  "canceled"));

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
