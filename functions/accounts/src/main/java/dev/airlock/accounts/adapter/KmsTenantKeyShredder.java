package dev.airlock.accounts.adapter;

import dev.airlock.accounts.port.TenantKeyShredder;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.tenant.TenantKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKey;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;

/**
 * {@link TenantKeyShredder} on KMS, one client per region (the primary region's first). Keys are
 * found with {@code DescribeKey} on the alias {@code alias/airlock/tenant/<id>} in each region
 * (which is what the accounts role may describe: its {@code DescribeKey} grant is conditioned on
 * that alias); {@code DisableKey} and {@code ScheduleKeyDeletion} take the key ARN, because KMS
 * does not accept an alias for them.
 *
 * <p>Idempotent: {@code KMSInvalidStateException} on disable or schedule means the copy is already
 * pending deletion, which is where it is meant to end up.
 */
public final class KmsTenantKeyShredder implements TenantKeyShredder {
  private final Map<String, KmsClient> clients = new LinkedHashMap<>();

  /**
   * @param primary the primary region's client
   * @param replica the replica region's client, or null for a single-region setup
   */
  public KmsTenantKeyShredder(KmsClient primary, KmsClient replica) {
    if (primary == null) {
      throw new IllegalArgumentException("a primary-region KMS client is required");
    }
    clients.put(regionOf(primary), primary);
    if (replica != null) {
      String r = regionOf(replica);
      if (clients.containsKey(r)) {
        throw new IllegalArgumentException("the replica client is in the primary region");
      }
      clients.put(r, replica);
    }
  }

  private static String regionOf(KmsClient kms) {
    var region = kms.serviceClientConfiguration().region();
    if (region == null) {
      throw new IllegalArgumentException("KMS clients need an explicit region");
    }
    return region.id();
  }

  @Override
  public List<String> regions() {
    return List.copyOf(clients.keySet());
  }

  @Override
  public Optional<KeyStatus> describe(String accountId, String region) {
    String alias = TenantKeys.aliasFor(accountId);
    try {
      KeyMetadata md = client(region).describeKey(r -> r.keyId(alias)).keyMetadata();
      return Optional.of(status(region, md));
    } catch (NotFoundException absent) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("DescribeKey", e);
    }
  }

  @Override
  public void disable(String region, String arn) {
    try {
      client(region).disableKey(r -> r.keyId(arn));
    } catch (KmsInvalidStateException alreadyPendingDeletion) {
      // Unusable already, and scheduled: nothing left for a disable to do.
    } catch (SdkException e) {
      throw failure("DisableKey", e);
    }
  }

  @Override
  public KeyStatus scheduleDeletion(String region, String arn, int pendingWindowDays) {
    try {
      ScheduleKeyDeletionResponse r =
          client(region)
              .scheduleKeyDeletion(b -> b.keyId(arn).pendingWindowInDays(pendingWindowDays));
      return new KeyStatus(
          region, keyIdOf(arn), arn, lifecycle(r.keyState()), r.deletionDate(), List.of());
    } catch (KmsInvalidStateException alreadyPendingDeletion) {
      return new KeyStatus(region, keyIdOf(arn), arn, Lifecycle.PENDING_DELETION, null, List.of());
    } catch (SdkException e) {
      throw failure("ScheduleKeyDeletion", e);
    }
  }

  private KmsClient client(String region) {
    KmsClient c = clients.get(region);
    if (c == null) {
      throw new IllegalArgumentException("no KMS client for region " + region);
    }
    return c;
  }

  private static KeyStatus status(String region, KeyMetadata md) {
    List<Replica> replicas = new ArrayList<>();
    // A replica's metadata lists the replicas too (itself included); only a primary's count here.
    if (md.multiRegionConfiguration() != null
        && md.multiRegionConfiguration().multiRegionKeyType() == MultiRegionKeyType.PRIMARY) {
      for (MultiRegionKey r : md.multiRegionConfiguration().replicaKeys()) {
        replicas.add(new Replica(r.region(), r.arn()));
      }
    }
    return new KeyStatus(
        region,
        md.keyId(),
        md.arn(),
        lifecycle(md.keyState()),
        md.deletionDate(),
        replicas,
        md.creationDate());
  }

  private static Lifecycle lifecycle(KeyState state) {
    if (state == null) {
      return Lifecycle.OTHER;
    }
    return switch (state) {
      case ENABLED -> Lifecycle.ENABLED;
      case DISABLED -> Lifecycle.DISABLED;
      case PENDING_DELETION -> Lifecycle.PENDING_DELETION;
      case PENDING_REPLICA_DELETION -> Lifecycle.PENDING_REPLICA_DELETION;
      default -> Lifecycle.OTHER;
    };
  }

  private static String keyIdOf(String arn) {
    int slash = arn.lastIndexOf('/');
    return slash < 0 ? arn : arn.substring(slash + 1);
  }

  private static KeyServiceException failure(String op, SdkException e) {
    String code =
        e instanceof AwsServiceException se
                && se.awsErrorDetails() != null
                && se.awsErrorDetails().errorCode() != null
            ? se.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName();
    return new KeyServiceException(code, "KMS " + op + " failed: " + code, e);
  }
}
