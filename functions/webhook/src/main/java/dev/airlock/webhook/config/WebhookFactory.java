package dev.airlock.webhook.config;

import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.message.JobQueue;
import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.adapter.SourcedWebhookSecrets;
import dev.airlock.webhook.domain.AccountDirectory;
import dev.airlock.webhook.domain.EnrollmentService;
import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.JsonCodec;
import dev.airlock.webhook.domain.WebhookSecrets;
import dev.airlock.webhook.domain.WebhookService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.env.Environment;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Composition root of the webhook function: configuration becomes plain domain settings, ports get
 * their implementations. The AWS-backed ports ({@link JobQueue}, {@link StateStore}, and {@link
 * SecretsSource} in AWS) come from {@link AwsAdapterFactory}; the local stack may supply its own.
 */
@Factory
public class WebhookFactory {

  @Singleton
  @Secondary
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  JsonCodec jsonCodec(JsonMapper mapper) {
    return new SerdeJsonCodec(mapper);
  }

  /** One JSON line per record on standard output, which CloudWatch Logs ingests. */
  @Singleton
  @Secondary
  AuditLog auditLog() {
    return JsonLinesAuditLog.toStdout();
  }

  @Singleton
  WebhookSecrets webhookSecrets(
      SecretsSource source, WebhookConfiguration config, Environment environment) {
    return new SourcedWebhookSecrets(source, AwsAdapterFactory.secretNames(config, environment));
  }

  @Singleton
  InstallationDirectory installations(
      StateStore store, JsonCodec json, Clock clock, WebhookConfiguration config) {
    return new InstallationDirectory(store, json, clock, config.getInstallationCacheTtl());
  }

  /** The account's documents, sealed under its tenant key (checked by the store's guard first). */
  @Singleton
  @Secondary
  TenantDocuments tenantDocuments(StateStore store, DataKeyProvider dataKeys, TenantKeys keys) {
    return new TenantDocuments(store, new TenantVault(dataKeys, keys));
  }

  @Singleton
  AccountDirectory accounts(StateStore store, TenantDocuments documents, JsonCodec json) {
    return new AccountDirectory(store, documents, new DeletedAccounts(store), json);
  }

  @Singleton
  EnrollmentService enrollments(
      StateStore store, JsonCodec json, AccountDirectory accounts, Clock clock) {
    return new EnrollmentService(store, json, accounts, clock);
  }

  @Singleton
  WebhookService webhookService(
      WebhookConfiguration config,
      WebhookSecrets secrets,
      JsonCodec json,
      InstallationDirectory installations,
      EnrollmentService enrollments,
      AccountDirectory accounts,
      JobQueue queue,
      AuditLog audit,
      Clock clock) {
    return new WebhookService(
        config.toSettings(),
        secrets,
        json,
        installations,
        enrollments,
        accounts,
        queue,
        audit,
        clock);
  }
}
