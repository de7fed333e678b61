package dev.airlock.accounts.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.port.TenantKeyShredder.KeyStatus;
import dev.airlock.accounts.port.TenantKeyShredder.Lifecycle;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class KmsTenantKeyShredderIT {
  private LocalAws aws;
  private KmsTenantKeyShredder shredder;
  private String account;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    shredder = new KmsTenantKeyShredder(aws.kms(), aws.kmsReplica());
    account = "shred-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private KeyStatus createKey() {
    new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion()).ensureKey(account);
    return shredder.describe(account, aws.region()).orElseThrow();
  }

  @Test
  void regions_shouldNameThePrimaryRegionFirst() {
    assertEquals(List.of(aws.region(), aws.replicaRegion()), shredder.regions());
  }

  @Test
  void describe_shouldFindThePrimaryAndItsReplicaByAlias_whenTheAccountHasAKey() {
    KeyStatus primary = createKey();
    KeyStatus replica = shredder.describe(account, aws.replicaRegion()).orElseThrow();

    assertEquals(Lifecycle.ENABLED, primary.state());
    assertEquals(
        List.of(aws.replicaRegion()), primary.replicas().stream().map(r -> r.region()).toList());
    assertEquals(primary.keyId(), replica.keyId());
    assertEquals(primary.replicas().get(0).arn(), replica.arn());
    assertTrue(replica.replicas().isEmpty());
  }

  @Test
  void describe_shouldBeEmpty_whenTheAccountHasNoKey() {
    assertTrue(shredder.describe(account, aws.region()).isEmpty());
    assertTrue(shredder.describe(account, aws.replicaRegion()).isEmpty());
  }

  @Test
  void disableAndSchedule_shouldBeIdempotent_whenRepeatedInAnyState() {
    KeyStatus primary = createKey();
    String replicaArn = primary.replicas().get(0).arn();

    shredder.disable(aws.replicaRegion(), replicaArn);
    shredder.disable(aws.replicaRegion(), replicaArn);
    assertEquals(
        Lifecycle.DISABLED, shredder.describe(account, aws.replicaRegion()).orElseThrow().state());

    KeyStatus scheduled = shredder.scheduleDeletion(aws.replicaRegion(), replicaArn, 7);
    assertEquals(Lifecycle.PENDING_DELETION, scheduled.state());
    assertNotNull(scheduled.deletionDate());
    Duration window = Duration.between(Instant.now(), scheduled.deletionDate());
    assertTrue(
        window.compareTo(Duration.ofDays(6)) > 0 && window.compareTo(Duration.ofDays(8)) < 0);

    shredder.disable(aws.replicaRegion(), replicaArn);
    KeyStatus again = shredder.scheduleDeletion(aws.replicaRegion(), replicaArn, 7);
    assertEquals(Lifecycle.PENDING_DELETION, again.state());

    KeyStatus primaryScheduled = shredder.scheduleDeletion(aws.region(), primary.arn(), 7);
    assertEquals(
        Lifecycle.PENDING_REPLICA_DELETION,
        primaryScheduled.state(),
        "KMS holds a primary until its replicas are deleted");
    assertNull(primaryScheduled.deletionDate());
  }

  @Test
  void scheduleDeletion_shouldRefuseAWindowKmsDoesNotAllow() {
    KeyStatus primary = createKey();
    KeyServiceException e =
        assertThrows(
            KeyServiceException.class,
            () -> shredder.scheduleDeletion(aws.region(), primary.arn(), 3));
    assertEquals("ValidationException", e.reason());
  }
}
