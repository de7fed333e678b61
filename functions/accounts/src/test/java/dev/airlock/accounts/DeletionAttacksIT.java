package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.DeletionTestStack.Counts;
import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.QueuedDeletions;
import dev.airlock.accounts.domain.QueuedDeletions.QueuedMessage;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AccountDeletionMessage;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Red-team attacks on account deletion, on the local stack in both regions: ids that share a prefix
 * with the deleted one, forged or malformed queue messages, and a deletion request replayed after
 * the same id was admitted again.
 */
@ExtendWith(LocalAwsExtension.class)
class DeletionAttacksIT {
  private DeletionTestStack stack;
  private LocalAws aws;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    stack = new DeletionTestStack(aws);
  }

  /** Everything stored for an account in both regions, and its key's state. */
  private record Footprint(Counts primary, Counts standby, int lookups, KeyState key) {}

  private Footprint footprint(Seeded s) {
    String prefix = StateKeys.tenantPrefix(s.account());
    int lookups = 0;
    for (String l : s.lookups()) {
      lookups += stack.state.get(l).isPresent() ? 1 : 0;
    }
    return new Footprint(
        stack.counts(stack.s3, stack.stateBucket, prefix),
        stack.counts(stack.s3Replica, stack.standbyBucket, prefix),
        lookups,
        aws.kms()
            .describeKey(r -> r.keyId(TenantKeys.aliasFor(s.account())))
            .keyMetadata()
            .keyState());
  }

  @Test
  void delete_shouldTouchNoAccountWhoseIdMerelyStartsWithTheDeletedOne() {
    // acme vs acme-2 / acmex (acme_x and acmeX are not valid ids: see the forged messages below).
    String base = DeletionTestStack.newAccount("pfx");
    Seeded deleted = stack.seed(base, "s");
    Map<Seeded, Footprint> neighbours = new LinkedHashMap<>();
    for (String id : List.of(base + "-2", base + "x", base + "-" + base.substring(4))) {
      Seeded n = stack.seed(id, "n");
      neighbours.put(n, footprint(n));
    }

    stack.deletion().delete(deleted.account());

    assertEquals(new Counts(0, 0), footprint(deleted).primary(), "the account itself is gone");
    neighbours.forEach(
        (n, before) -> {
          assertEquals(before, footprint(n), n.account() + " is untouched");
          assertEquals(KeyState.ENABLED, before.key());
          assertFalse(new DeletedAccounts(stack.state).isDeleted(n.account()), n.account());
        });
  }

  @Test
  void queuedRequest_shouldBeRefusedAndDeleteNothing_whenForgedOrMalformed() {
    Seeded victim = stack.seed(DeletionTestStack.newAccount("victim"), "v");
    String id = victim.account();
    Footprint before = footprint(victim);
    List<String> bodies =
        List.of(
            // No signature exists on the queue (IAM decides who may send); what arrives must
            // still be a well-formed request for one valid id, or nothing happens.
            "{\"accountId\":\"" + id + "\"}",
            "{\"version\":2,\"accountId\":\"" + id + "\",\"reason\":\"x\",\"requestedBy\":\"y\"}",
            msg(id + "/"),
            msg(id + "/../" + id),
            msg(".."),
            msg(id.replace("-", "%2F")),
            msg(id + "%2F"),
            msg("\u0430" + id.substring(1)), // Cyrillic a: a look-alike of the victim's id
            msg(id + "\u200b"),
            msg(id.toUpperCase()),
            msg(id.replace("-", "_")),
            msg(id + " "),
            msg(""),
            "not json " + id);
    List<QueuedMessage> messages = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      messages.add(new QueuedMessage("m" + i, bodies.get(i)));
    }
    QueuedDeletions queued = new QueuedDeletions(stack.deletion(), stack.audit, Clock.systemUTC());

    List<String> failed = queued.process(messages);

    assertEquals(
        messages.stream().map(QueuedMessage::messageId).toList(),
        failed,
        "every one is left for the DLQ");
    assertEquals(before, footprint(victim));
    assertFalse(new DeletedAccounts(stack.state).isDeleted(id));
    long malformed =
        stack.auditRecords.stream()
            .filter(r -> r.action().equals(QueuedDeletions.AUDIT_ACTION))
            .filter(r -> "malformed-request".equals(r.reason()))
            .count();
    assertEquals(bodies.size(), malformed);
    assertFalse(stack.auditText.toString().contains("%2F"), "no body is echoed");
  }

  private static String msg(String accountId) {
    return "{\"version\":1,\"accountId\":\""
        + accountId
        + "\",\"reason\":\"subscription-canceled\",\"requestedBy\":\"stripe:evt_1\"}";
  }

  @Test
  void replayedRequest_shouldNotDeleteTheNewTenant_whenTheIdWasAdmittedAgain() throws Exception {
    Seeded first = stack.seed(DeletionTestStack.newAccount("again"), "old");
    String id = first.account();
    String body = Json.writeString(AccountDeletionMessage.subscriptionCanceled(id, "evt_replay1"));
    QueuedDeletions queued = new QueuedDeletions(stack.deletion(), stack.audit, Clock.systemUTC());
    Instant sent = Instant.now();
    assertEquals(List.of(), queued.process(List.of(new QueuedMessage("m1", body, sent))));
    assertTrue(new DeletedAccounts(stack.state).isDeleted(id));

    // The documented re-admission: an operator removes the tombstone; by then KMS has deleted the
    // old key after its waiting period, which removes its aliases (done here by hand). A new
    // tenancy of the same id gets a new key and new data.
    String tombstone = StateKeys.deletionProgress(id);
    for (var v :
        stack
            .s3
            .listObjectVersions(r -> r.bucket(stack.stateBucket).prefix(tombstone))
            .versions()) {
      stack.s3.deleteObject(
          r -> r.bucket(stack.stateBucket).key(tombstone).versionId(v.versionId()));
    }
    for (KmsClient kms : List.of(aws.kms(), aws.kmsReplica())) {
      try {
        kms.deleteAlias(r -> r.aliasName(TenantKeys.aliasFor(id)));
      } catch (NotFoundException none) {
        // no alias in this region
      }
    }
    Thread.sleep(1100); // KMS dates keys to the second
    // (a fresh stack: the first one's tenant-key client remembers the old key)
    Seeded second = new DeletionTestStack(aws).seed(id, "new");
    Footprint before = footprint(second);
    assertEquals(KeyState.ENABLED, before.key());

    // The same message again: SQS delivers at least once, and a DLQ redrive sends old ones.
    List<String> failed = queued.process(List.of(new QueuedMessage("m1", body, sent)));

    assertEquals(List.of(), failed, "done with, not retried into the DLQ");
    assertEquals(before, footprint(second), "the new tenant is untouched");
    AuditRecord stale =
        stack.auditRecords.stream()
            .filter(r -> r.action().equals(AccountDeletion.AUDIT_ACTION))
            .filter(r -> "stale-request".equals(r.reason()))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertEquals("ignored", stale.outcome());
    assertEquals(id, stale.ids().get("accountId"));

    // A request sent after the new tenancy began deletes it as usual.
    assertEquals(List.of(), queued.process(List.of(new QueuedMessage("m2", body, Instant.now()))));
    assertEquals(new Counts(0, 0), footprint(second).primary());
  }
}
