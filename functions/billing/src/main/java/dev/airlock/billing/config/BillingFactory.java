package dev.airlock.billing.config;

import dev.airlock.aws.config.AwsClients;
import dev.airlock.aws.config.PropertyLookup;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.secrets.SecretsManagerSecretsSource;
import dev.airlock.billing.adapter.AliasTenantKeys;
import dev.airlock.billing.adapter.ProfileAccountPreferences;
import dev.airlock.billing.adapter.SourcedSigningSecrets;
import dev.airlock.billing.adapter.SqsAccountDeletionQueue;
import dev.airlock.billing.adapter.StateCustomerDirectory;
import dev.airlock.billing.adapter.StateEventMarkers;
import dev.airlock.billing.adapter.StripeJavaSignatureCheck;
import dev.airlock.billing.adapter.TenantBillingLedger;
import dev.airlock.billing.domain.BillingService;
import dev.airlock.billing.port.AccountPreferences;
import dev.airlock.billing.port.BillingLedger;
import dev.airlock.billing.port.CustomerDirectory;
import dev.airlock.billing.port.EventMarkers;
import dev.airlock.billing.port.SigningSecrets;
import dev.airlock.billing.port.StripeSignatureCheck;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.message.AccountDeletionQueue;
import dev.airlock.core.message.EnqueueException;
import dev.airlock.core.secrets.EnvironmentSecretsSource;
import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Composition root of the billing function: configuration becomes plain settings, ports get their
 * implementations on the shared AWS clients of {@code AwsClientFactory} (whose {@code
 * aws.services.<svc>.endpoint-override} points them at the local stand-ins). Beans marked "missing"
 * step aside when something else (a test, the local stack) supplies them.
 *
 * <p>Names read, in AWS (template environment) and locally (the local stack's properties):
 *
 * <ul>
 *   <li>state bucket: {@code AIRLOCK_STATE_BUCKET}, else {@code airlock.buckets.state};
 *   <li>SSE-KMS key: {@code AIRLOCK_STATE_KEY_ID}, else {@code airlock.keys.state-sse};
 *   <li>signing secrets: Secrets Manager secret {@code AIRLOCK_STRIPE_WEBHOOK_SECRET_ARN} if set,
 *       else {@code STRIPE_WEBHOOK_SECRET} / {@code stripe.webhook.secret};
 *   <li>account-deletion queue: {@code AIRLOCK_ACCOUNT_DELETION_QUEUE_URL}, else {@code
 *       airlock.queues.account-deletion}. Without one, a deletion on cancel answers 503 (fail
 *       closed: the event is retried, never silently dropped).
 * </ul>
 */
@Factory
public class BillingFactory {

  /** Property of {@code AIRLOCK_STRIPE_WEBHOOK_SECRET_ARN}. */
  static final String SECRET_ARN = "airlock.stripe.webhook.secret.arn";

  @Singleton
  @Secondary
  Clock clock() {
    return Clock.systemUTC();
  }

  /** One JSON line per record on standard output, which CloudWatch Logs ingests. */
  @Singleton
  @Secondary
  AuditLog auditLog() {
    return JsonLinesAuditLog.toStdout();
  }

  /**
   * Secrets Manager when {@code AIRLOCK_STRIPE_WEBHOOK_SECRET_ARN} is set (the client is created
   * only then), else the environment.
   */
  @Singleton
  @Secondary
  SecretsSource secretsSource(
      Environment environment,
      BillingConfiguration config,
      Clock clock,
      BeanProvider<SecretsManagerClient> secretsManager) {
    if (PropertyLookup.first(environment, SECRET_ARN).isPresent()) {
      return new SecretsManagerSecretsSource(
          secretsManager.get(), config.getSecretsCacheTtl(), clock);
    }
    // Locally: the environment variable, or the equivalent property (tests, the local stack).
    return new EnvironmentSecretsSource(
        name ->
            environment
                .getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'), String.class)
                .orElseGet(() -> System.getenv(name)));
  }

  @Singleton
  SigningSecrets signingSecrets(
      SecretsSource source, Environment environment, BillingConfiguration config) {
    return new SourcedSigningSecrets(
        source, PropertyLookup.first(environment, SECRET_ARN).orElse(config.getSecretName()));
  }

  @Singleton
  StripeSignatureCheck signatureCheck() {
    return new StripeJavaSignatureCheck();
  }

  /** The state bucket, behind core's guard that refuses to store secrets or card data. */
  @Singleton
  @Secondary
  StateStore stateStore(S3Client s3, AuditLog audit, Environment environment) {
    String bucket =
        PropertyLookup.first(environment, "airlock.state.bucket", "airlock.buckets.state")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no state bucket configured: set AIRLOCK_STATE_BUCKET"));
    String sseKey =
        PropertyLookup.first(environment, "airlock.state.key.id", "airlock.keys.state-sse")
            .orElse(null);
    return new GuardedStateStore(new S3StateStore(s3, bucket, sseKey), audit);
  }

  @Singleton
  @Secondary
  DataKeyProvider dataKeys(BeanProvider<KmsClient> kms) {
    return KmsDataKeyProvider.lazy(AwsClients.lazy(kms::get));
  }

  @Singleton
  @Secondary
  TenantKeys tenantKeys() {
    return new AliasTenantKeys();
  }

  @Singleton
  TenantDocuments tenantDocuments(StateStore store, DataKeyProvider dataKeys, TenantKeys keys) {
    return new TenantDocuments(store, new TenantVault(dataKeys, keys));
  }

  @Singleton
  EventMarkers eventMarkers(StateStore store, Clock clock) {
    return new StateEventMarkers(store, clock);
  }

  @Singleton
  CustomerDirectory customerDirectory(StateStore store, Clock clock) {
    return new StateCustomerDirectory(store, clock);
  }

  /** Fails at startup unless the state store is guarded: the billing document must be checked. */
  @Singleton
  BillingLedger billingLedger(TenantDocuments documents, StateStore store) {
    if (!(store instanceof GuardedStateStore guarded)) {
      throw new IllegalStateException("the billing function needs a GuardedStateStore");
    }
    return new TenantBillingLedger(documents, guarded);
  }

  @Singleton
  AccountPreferences accountPreferences(TenantDocuments documents) {
    return new ProfileAccountPreferences(documents);
  }

  /** SQS when a queue URL is configured (the client is created only then). */
  @Singleton
  @Secondary
  AccountDeletionQueue accountDeletionQueue(Environment environment, BeanProvider<SqsClient> sqs) {
    Optional<String> url =
        PropertyLookup.first(
            environment, "airlock.account.deletion.queue.url", "airlock.queues.account-deletion");
    if (url.isEmpty()) {
      return request -> {
        throw new EnqueueException("no account-deletion queue configured");
      };
    }
    return new SqsAccountDeletionQueue(AwsClients.lazy(sqs::get), url.get());
  }

  @Singleton
  BillingService billingService(
      BillingConfiguration config,
      SigningSecrets secrets,
      StripeSignatureCheck check,
      EventMarkers markers,
      CustomerDirectory customers,
      BillingLedger ledger,
      AccountPreferences preferences,
      AccountDeletionQueue deletions,
      AuditLog audit,
      Clock clock) {
    return new BillingService(
        config.toSettings(),
        secrets,
        check,
        markers,
        customers,
        ledger,
        preferences,
        deletions,
        audit,
        clock);
  }
}
