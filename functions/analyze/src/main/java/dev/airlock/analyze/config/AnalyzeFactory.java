package dev.airlock.analyze.config;

import dev.airlock.analyze.adapter.github.GitHubAppTokenMinter;
import dev.airlock.analyze.adapter.github.PemKeys;
import dev.airlock.analyze.adapter.jgit.JGitCheckout;
import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyze.adapter.oauth.OAuthClientCredentials;
import dev.airlock.analyze.adapter.oauth.OAuthRefreshTokenMinter;
import dev.airlock.analyze.adapter.process.ProcessSandbox;
import dev.airlock.analyze.adapter.process.SandboxSettings;
import dev.airlock.analyze.adapter.state.BillingEntitlements;
import dev.airlock.analyze.adapter.state.ExistingTenantKeys;
import dev.airlock.analyze.adapter.state.TenantFingerprintSalts;
import dev.airlock.analyze.adapter.state.TenantPurgeReceipts;
import dev.airlock.analyze.adapter.state.TenantResultStore;
import dev.airlock.analyze.domain.AnalysisService;
import dev.airlock.analyze.domain.AnalysisSettings;
import dev.airlock.analyze.domain.CloneUrlPolicy;
import dev.airlock.analyze.domain.JobBatch;
import dev.airlock.analyze.domain.RuleCatalog;
import dev.airlock.analyze.domain.SarifSanitizer;
import dev.airlock.analyze.port.EntitlementCheck;
import dev.airlock.analyze.port.FingerprintSalts;
import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.analyze.port.PurgeReceipts;
import dev.airlock.analyze.port.RepositoryCheckout;
import dev.airlock.analyze.port.ResultStore;
import dev.airlock.analyze.port.Sandbox;
import dev.airlock.analyze.port.TokenMinter;
import dev.airlock.aws.config.PropertyLookup;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.secrets.SecretsManagerSecretsSource;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.message.Provider;
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
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Composition root of the checkout-and-analyze function: configuration becomes plain domain
 * settings, ports get their implementations. Every AWS-backed or environment-specific bean steps
 * aside when something else (a test, the local stack) registers its own.
 */
@Factory
public class AnalyzeFactory {

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

  @Singleton
  JsonCodec jsonCodec(JsonMapper mapper) {
    return new SerdeJsonCodec(mapper);
  }

  /** The state bucket, behind core's guard that refuses to store secrets or card data. */
  @Singleton
  @Secondary
  StateStore stateStore(S3Client s3, AuditLog audit, Environment properties) {
    String bucket =
        stateBucket(properties)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no state bucket configured: set airlock.buckets.state"
                            + " (AIRLOCK_STATE_BUCKET)"));
    return new GuardedStateStore(
        new S3StateStore(s3, bucket, stateSseKeyId(properties).orElse(null)), audit);
  }

  // The template's variables (AIRLOCK_STATE_BUCKET arrives as airlock.state.bucket, and so on) are
  // read here as fallbacks of the shared names the testkit and the local stack set. They are not
  // mapped in application.properties: a property file in the deployment jar makes Micronaut open
  // the whole jar as a zip file system at every cold start (benchmarks figure 1), so the jar ships
  // without one.

  /** {@code airlock.buckets.state}, else the template's {@code AIRLOCK_STATE_BUCKET}. */
  static Optional<String> stateBucket(PropertyResolver properties) {
    return PropertyLookup.first(properties, "airlock.buckets.state", "airlock.state.bucket");
  }

  /** {@code airlock.keys.state-sse}, else the template's {@code AIRLOCK_STATE_KEY_ID}. */
  static Optional<String> stateSseKeyId(PropertyResolver properties) {
    return PropertyLookup.first(properties, "airlock.keys.state-sse", "airlock.state.key.id");
  }

  /** {@code airlock.analyze.github.app-id}, else the template's {@code AIRLOCK_GITHUB_APP_ID}. */
  static long gitHubAppId(AnalyzeConfiguration.GitHub github, PropertyResolver properties) {
    if (github.getAppId() > 0) {
      return github.getAppId();
    }
    return PropertyLookup.first(properties, "airlock.github.app.id")
        .map(
            id -> {
              try {
                return Long.parseLong(id.strip());
              } catch (NumberFormatException e) {
                throw new IllegalStateException("AIRLOCK_GITHUB_APP_ID is not a number", e);
              }
            })
        .orElse(0L);
  }

  /**
   * {@code airlock.analyze.github.private-key-secret}, else the template's {@code
   * AIRLOCK_GITHUB_APP_PRIVATE_KEY_SECRET_ARN}.
   */
  static Optional<String> gitHubKeySecret(
      AnalyzeConfiguration.GitHub github, PropertyResolver properties) {
    return PropertyLookup.nonBlank(github.getPrivateKeySecret())
        .or(() -> PropertyLookup.first(properties, "airlock.github.app.private.key.secret.arn"));
  }

  @Singleton
  @Secondary
  DataKeyProvider dataKeys(KmsClient kms) {
    return new KmsDataKeyProvider(kms);
  }

  /** Tenant keys are created by the webhook at enrollment; this function only uses them. */
  @Singleton
  @Secondary
  TenantKeys tenantKeys() {
    return new ExistingTenantKeys();
  }

  @Singleton
  TenantDocuments tenantDocuments(StateStore store, DataKeyProvider dataKeys, TenantKeys keys) {
    return new TenantDocuments(store, new TenantVault(dataKeys, keys));
  }

  @Singleton
  ResultStore resultStore(TenantDocuments documents, JsonCodec json) {
    return new TenantResultStore(documents, json);
  }

  @Singleton
  PurgeReceipts purgeReceipts(TenantDocuments documents, JsonCodec json) {
    return new TenantPurgeReceipts(documents, json);
  }

  @Singleton
  FingerprintSalts fingerprintSalts(TenantDocuments documents, JsonCodec json) {
    return new TenantFingerprintSalts(documents, json);
  }

  /**
   * The billing rule on the account's billing document. Deliberately not {@code Secondary}: nothing
   * (a test, the local stack) can quietly replace it with something more permissive (a second
   * {@code EntitlementCheck} fails the context as ambiguous); tests entitle an account by storing a
   * real billing document.
   */
  @Singleton
  EntitlementCheck entitlements(TenantDocuments documents, AuditLog audit, Clock clock) {
    return new BillingEntitlements(documents, audit, clock);
  }

  /** Secrets Manager, created only when a secret is actually read. */
  @Singleton
  @Secondary
  SecretsSource secrets(BeanProvider<SecretsManagerClient> client) {
    return new SecretsSource() {
      private volatile SecretsSource delegate;

      @Override
      public java.util.Optional<List<String>> secretList(String name) {
        SecretsSource d = delegate;
        if (d == null) {
          synchronized (this) {
            if (delegate == null) {
              delegate = new SecretsManagerSecretsSource(client.get());
            }
            d = delegate;
          }
        }
        return d.secretList(name);
      }
    };
  }

  @Singleton
  @Secondary
  Sandbox sandbox(AnalyzeConfiguration config) {
    String base = config.getSandboxBaseDir();
    Path baseDir =
        Path.of(base == null || base.isBlank() ? System.getProperty("java.io.tmpdir") : base);
    // The classpath is resolved when the first analyzer runs, not at init: outside Lambda (the
    // local stack, a benchmark) that copies the bundled analyzers jar out and digests it, which a
    // job refused before analysis never needs.
    return new ProcessSandbox(
        new SandboxSettings(
            baseDir,
            Path.of(System.getProperty("java.home"), "bin", "java"),
            null,
            config.getAnalyzerMainClass(),
            config.getAnalyzerHeapMb(),
            config.getIsolation(),
            config.getUidBase(),
            config.getUidCount(),
            config.getMaxSarifBytes(),
            config.getEnvPassThrough(),
            config.getAnalyzerSmallJobFiles(),
            // the archive is trained by running the real analyzers; a stand-in entry point (tests)
            // gets none
            config.isAnalyzerClassArchive()
                && REAL_ANALYZERS_MAIN.equals(config.getAnalyzerMainClass())),
        () -> analyzersClasspath(config));
  }

  private static final String REAL_ANALYZERS_MAIN = "dev.airlock.analyzers.AnalyzerMain";

  /** The configured classpath, else the jar bundled with this function, else none. */
  static String analyzersClasspath(AnalyzeConfiguration config) {
    String cp = config.getAnalyzersClasspath();
    if (cp != null && !cp.isBlank()) {
      return cp;
    }
    return BundledAnalyzers.locate(
            System.getenv("LAMBDA_TASK_ROOT"), Path.of(System.getProperty("java.io.tmpdir")))
        .orElse(null);
  }

  @Singleton
  @Secondary
  RepositoryCheckout checkout(Clock clock) {
    return new JGitCheckout(clock);
  }

  @Singleton
  CloneUrlPolicy cloneUrls(
      AnalyzeConfiguration.GitHub github,
      AnalyzeConfiguration.GitLab gitlab,
      AnalyzeConfiguration.Bitbucket bitbucket) {
    Map<Provider, URI> bases = new EnumMap<>(Provider.class);
    bases.put(Provider.GITHUB, URI.create(github.getGitBaseUrl()));
    bases.put(Provider.GITLAB, URI.create(gitlab.getGitBaseUrl()));
    bases.put(Provider.BITBUCKET, URI.create(bitbucket.getGitBaseUrl()));
    return new CloneUrlPolicy(bases);
  }

  /**
   * Where stored SARIF takes tool and rule text from: the catalog of the bundled analyzers (read on
   * first use). A deployment or test that runs other analyzers supplies its own.
   */
  @Singleton
  @Secondary
  RuleCatalog ruleCatalog(JsonCodec json) {
    return RuleCatalog.bundled(json);
  }

  @Singleton
  AnalysisService analysisService(
      AnalyzeConfiguration config,
      AnalyzeConfiguration.GitHub github,
      Environment properties,
      AnalyzeConfiguration.GitLab gitlab,
      AnalyzeConfiguration.Bitbucket bitbucket,
      CloneUrlPolicy cloneUrls,
      RepositoryCheckout checkout,
      Sandbox sandbox,
      ResultStore results,
      PurgeReceipts receipts,
      FingerprintSalts salts,
      EntitlementCheck entitlements,
      SecretsSource secrets,
      RuleCatalog catalog,
      JsonCodec json,
      AuditLog audit,
      Clock clock) {
    AnalysisSettings settings = config.toSettings();
    // Built at the first token request (one client for every minter): a cold start that mints
    // nothing, such as a job refused before its clone, does not set up the client's TLS.
    Supplier<HttpClient> http = onFirstUse(GitHubAppTokenMinter::defaultClient);
    Map<Provider, TokenMinter> minters = new EnumMap<>(Provider.class);
    long appId = gitHubAppId(github, properties);
    if (appId > 0) {
      minters.put(
          Provider.GITHUB,
          new GitHubAppTokenMinter(
              http,
              URI.create(github.getApiBaseUrl()),
              appId,
              appKey(github, gitHubKeySecret(github, properties).orElse(null), secrets),
              json,
              clock));
    }
    if (gitlab.getOauthSecret() != null && !gitlab.getOauthSecret().isBlank()) {
      minters.put(
          Provider.GITLAB,
          new OAuthRefreshTokenMinter(
              http,
              URI.create(gitlab.getTokenUrl()),
              gitlab.getRevokeUrl() == null ? null : URI.create(gitlab.getRevokeUrl()),
              "oauth2",
              oauthCredentials(gitlab.getOauthSecret(), secrets),
              null,
              json,
              clock));
    }
    if (bitbucket.getOauthSecret() != null && !bitbucket.getOauthSecret().isBlank()) {
      minters.put(
          Provider.BITBUCKET,
          new OAuthRefreshTokenMinter(
              http,
              URI.create(bitbucket.getTokenUrl()),
              bitbucket.getRevokeUrl() == null ? null : URI.create(bitbucket.getRevokeUrl()),
              "x-token-auth",
              oauthCredentials(bitbucket.getOauthSecret(), secrets),
              null,
              json,
              clock));
    }
    return new AnalysisService(
        settings,
        cloneUrls,
        minters,
        checkout,
        sandbox,
        new SarifSanitizer(
            settings.caps().maxResultsPerRun(), settings.caps().maxSarifGzipBytes(), json, catalog),
        json,
        results,
        receipts,
        salts,
        entitlements,
        audit,
        clock);
  }

  /** {@code build}'s result, built by the first caller and then shared. */
  private static Supplier<HttpClient> onFirstUse(Supplier<HttpClient> build) {
    return new Supplier<>() {
      private HttpClient client;

      @Override
      public synchronized HttpClient get() {
        if (client == null) {
          client = build.get();
        }
        return client;
      }
    };
  }

  /** The App key: PEM from configuration (local runs), else from the named secret (AWS). */
  private static Supplier<PrivateKey> appKey(
      AnalyzeConfiguration.GitHub github, @Nullable String secret, SecretsSource secrets) {
    return () -> {
      String pem = github.getPrivateKey();
      if (pem == null || pem.isBlank()) {
        if (secret == null || secret.isBlank()) {
          throw new IllegalStateException("no GitHub App private key configured");
        }
        pem =
            secrets
                .secretList(secret)
                .map(values -> String.join(",", values))
                .orElseThrow(
                    () -> new IllegalStateException("GitHub App private key is unavailable"));
      }
      return PemKeys.parseRsaPrivateKey(pem);
    };
  }

  /** {@code [client id, client secret, refresh token]} from the named secret. */
  private static Supplier<OAuthClientCredentials> oauthCredentials(
      String secret, SecretsSource secrets) {
    return () -> {
      List<String> v =
          secrets
              .secretList(secret)
              .filter(l -> l.size() == 3)
              .orElseThrow(() -> new IllegalStateException("OAuth credentials are unavailable"));
      return new OAuthClientCredentials(v.get(0), v.get(1), v.get(2));
    };
  }

  @Singleton
  JobBatch jobBatch(AnalysisService service, Sandbox sandbox, AuditLog audit, Clock clock) {
    return new JobBatch(service, sandbox, audit, clock);
  }
}
