package dev.airlock.webhook.config;

import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.WebhookSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code airlock.webhook.*}: the webhook function's settings. Secret <em>names</em> only: the
 * values come from the {@code SecretsSource} (environment variables locally — {@code
 * GITHUB_WEBHOOK_SECRET}, {@code GITLAB_WEBHOOK_TOKEN}, {@code BITBUCKET_WEBHOOK_SECRET},
 * comma-separated for rotation — and Secrets Manager in AWS).
 */
@ConfigurationProperties("airlock.webhook")
public class WebhookConfiguration {
  private String queueUrl;
  private String secretsSource = "environment";
  private Duration secretsCacheTtl = Duration.ofMinutes(1);
  private Duration installationCacheTtl = InstallationDirectory.DEFAULT_CACHE_TTL;
  private long maxBodyBytes = WebhookSettings.DEFAULT_MAX_BODY_BYTES;
  private Duration signatureTolerance = WebhookSettings.DEFAULT_TOLERANCE;
  private String githubSecretName = "github-webhook-secret";
  private String gitlabSecretName = "gitlab-webhook-token";
  private String bitbucketSecretName = "bitbucket-webhook-secret";

  /**
   * Where the secret values come from: {@code environment} (default; local runs) or {@code
   * secrets-manager} (AWS; cached for {@link #getSecretsCacheTtl()}).
   */
  public String getSecretsSource() {
    return secretsSource;
  }

  public void setSecretsSource(String secretsSource) {
    this.secretsSource = secretsSource;
  }

  /**
   * How long a value read from Secrets Manager is reused (default 1 minute): after a secret is
   * removed in a rotation, it stops being accepted within this time.
   */
  public Duration getSecretsCacheTtl() {
    return secretsCacheTtl;
  }

  public void setSecretsCacheTtl(Duration secretsCacheTtl) {
    this.secretsCacheTtl = secretsCacheTtl;
  }

  /**
   * How long one instance reuses a GitHub installation record it read (default 5 seconds, at most 1
   * minute, zero: read it for every request). An installation deleted or suspended through another
   * instance, or an account deleted, is refused here within this time ({@link
   * InstallationDirectory}).
   */
  public Duration getInstallationCacheTtl() {
    return installationCacheTtl;
  }

  public void setInstallationCacheTtl(Duration installationCacheTtl) {
    this.installationCacheTtl = installationCacheTtl;
  }

  /**
   * URL of the FIFO analysis queue the jobs go to; defaults to the shared {@code
   * airlock.queues.analysis}.
   */
  public String getQueueUrl() {
    return queueUrl;
  }

  public void setQueueUrl(String queueUrl) {
    this.queueUrl = queueUrl;
  }

  /** Larger bodies are answered 413 (default 6 MiB, the Lambda synchronous payload limit). */
  public long getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public void setMaxBodyBytes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Allowed clock difference for signed timestamps (GitLab signing tokens); default 5 minutes. */
  public Duration getSignatureTolerance() {
    return signatureTolerance;
  }

  public void setSignatureTolerance(Duration signatureTolerance) {
    this.signatureTolerance = signatureTolerance;
  }

  /**
   * Secret holding GitHub's webhook secret(s); locally the variable {@code GITHUB_WEBHOOK_SECRET}.
   */
  public String getGithubSecretName() {
    return githubSecretName;
  }

  public void setGithubSecretName(String githubSecretName) {
    this.githubSecretName = githubSecretName;
  }

  /** Secret holding GitLab's token(s) / {@code whsec_} signing secret(s). */
  public String getGitlabSecretName() {
    return gitlabSecretName;
  }

  public void setGitlabSecretName(String gitlabSecretName) {
    this.gitlabSecretName = gitlabSecretName;
  }

  /** Secret holding Bitbucket's webhook secret(s). */
  public String getBitbucketSecretName() {
    return bitbucketSecretName;
  }

  public void setBitbucketSecretName(String bitbucketSecretName) {
    this.bitbucketSecretName = bitbucketSecretName;
  }

  /** The domain's plain settings. */
  public WebhookSettings toSettings() {
    return new WebhookSettings(maxBodyBytes, signatureTolerance);
  }
}
