package dev.airlock.analyze.config;

import dev.airlock.analyze.adapter.process.SandboxSettings;
import dev.airlock.analyze.domain.AnalysisSettings;
import dev.airlock.analyze.domain.Caps;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * {@code airlock.analyze.*}: the analysis settings, sandbox and code hosts. Every cap has the
 * documented default of {@link Caps#defaults()}; see the module README for the full list and the
 * environment variables the template sets.
 */
@ConfigurationProperties("airlock.analyze")
public class AnalyzeConfiguration {
  private List<String> analyzers = List.of("secrets", "pmd");
  private String analyzerSetVersion = "1";
  @Nullable private String analyzersClasspath;
  private String analyzerMainClass = "dev.airlock.analyzers.AnalyzerMain";
  private int analyzerHeapMb = 1024;
  private int analyzerSmallJobFiles = SandboxSettings.DEFAULT_SMALL_JOB_FILES;
  private boolean analyzerClassArchive = true;
  @Nullable private String sandboxBaseDir;
  private String isolation = "auto";
  private int uidBase = 200_000;
  private int uidCount = 60_000;
  private List<String> envPassThrough = List.of();
  private long maxSarifBytes = 64L * 1024 * 1024;
  private long maxRepositoryBytes = Caps.defaults().maxRepositoryBytes();
  private int maxFiles = Caps.defaults().maxFiles();
  private long maxFileBytes = Caps.defaults().maxFileBytes();
  private int maxPathDepth = Caps.defaults().maxPathDepth();
  private int maxPathBytes = Caps.defaults().maxPathBytes();
  private Duration cloneTimeout = Caps.defaults().cloneTimeout();
  private Duration analyzerTimeout = Caps.defaults().analyzerTimeout();
  private int maxResultsPerRun = Caps.defaults().maxResultsPerRun();
  private long maxSarifGzipBytes = Caps.defaults().maxSarifGzipBytes();
  private Duration runLease = Duration.ofMinutes(6);
  private Duration purgeReserve = Duration.ofSeconds(20);
  private Duration defaultInvocationTimeout = Duration.ofSeconds(300);

  /** The domain settings. */
  public AnalysisSettings toSettings() {
    return new AnalysisSettings(
        new Caps(
            maxRepositoryBytes,
            maxFiles,
            maxFileBytes,
            maxPathDepth,
            maxPathBytes,
            cloneTimeout,
            analyzerTimeout,
            maxResultsPerRun,
            maxSarifGzipBytes),
        analyzers,
        analyzerSetVersion,
        runLease,
        purgeReserve);
  }

  public List<String> getAnalyzers() {
    return analyzers;
  }

  public void setAnalyzers(List<String> analyzers) {
    this.analyzers = analyzers;
  }

  public String getAnalyzerSetVersion() {
    return analyzerSetVersion;
  }

  public void setAnalyzerSetVersion(String analyzerSetVersion) {
    this.analyzerSetVersion = analyzerSetVersion;
  }

  @Nullable
  public String getAnalyzersClasspath() {
    return analyzersClasspath;
  }

  public void setAnalyzersClasspath(@Nullable String analyzersClasspath) {
    this.analyzersClasspath = analyzersClasspath;
  }

  public String getAnalyzerMainClass() {
    return analyzerMainClass;
  }

  public void setAnalyzerMainClass(String analyzerMainClass) {
    this.analyzerMainClass = analyzerMainClass;
  }

  public int getAnalyzerHeapMb() {
    return analyzerHeapMb;
  }

  public void setAnalyzerHeapMb(int analyzerHeapMb) {
    this.analyzerHeapMb = analyzerHeapMb;
  }

  /** Jobs of at most this many written files run the analyzer JVM with C1 only; 0: never. */
  public int getAnalyzerSmallJobFiles() {
    return analyzerSmallJobFiles;
  }

  public void setAnalyzerSmallJobFiles(int analyzerSmallJobFiles) {
    this.analyzerSmallJobFiles = analyzerSmallJobFiles;
  }

  /**
   * Whether the analyzer JVM maps a class-data-sharing archive this function makes once per
   * container from a synthetic training run (used only with the real analyzers' entry point).
   */
  public boolean isAnalyzerClassArchive() {
    return analyzerClassArchive;
  }

  public void setAnalyzerClassArchive(boolean analyzerClassArchive) {
    this.analyzerClassArchive = analyzerClassArchive;
  }

  @Nullable
  public String getSandboxBaseDir() {
    return sandboxBaseDir;
  }

  public void setSandboxBaseDir(@Nullable String sandboxBaseDir) {
    this.sandboxBaseDir = sandboxBaseDir;
  }

  public String getIsolation() {
    return isolation;
  }

  public void setIsolation(String isolation) {
    this.isolation = isolation;
  }

  public int getUidBase() {
    return uidBase;
  }

  public void setUidBase(int uidBase) {
    this.uidBase = uidBase;
  }

  public int getUidCount() {
    return uidCount;
  }

  public void setUidCount(int uidCount) {
    this.uidCount = uidCount;
  }

  public List<String> getEnvPassThrough() {
    return envPassThrough;
  }

  public void setEnvPassThrough(List<String> envPassThrough) {
    this.envPassThrough = envPassThrough;
  }

  public long getMaxSarifBytes() {
    return maxSarifBytes;
  }

  public void setMaxSarifBytes(long maxSarifBytes) {
    this.maxSarifBytes = maxSarifBytes;
  }

  public long getMaxRepositoryBytes() {
    return maxRepositoryBytes;
  }

  public void setMaxRepositoryBytes(long maxRepositoryBytes) {
    this.maxRepositoryBytes = maxRepositoryBytes;
  }

  public int getMaxFiles() {
    return maxFiles;
  }

  public void setMaxFiles(int maxFiles) {
    this.maxFiles = maxFiles;
  }

  public long getMaxFileBytes() {
    return maxFileBytes;
  }

  public void setMaxFileBytes(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  public int getMaxPathDepth() {
    return maxPathDepth;
  }

  public void setMaxPathDepth(int maxPathDepth) {
    this.maxPathDepth = maxPathDepth;
  }

  public int getMaxPathBytes() {
    return maxPathBytes;
  }

  public void setMaxPathBytes(int maxPathBytes) {
    this.maxPathBytes = maxPathBytes;
  }

  public Duration getCloneTimeout() {
    return cloneTimeout;
  }

  public void setCloneTimeout(Duration cloneTimeout) {
    this.cloneTimeout = cloneTimeout;
  }

  public Duration getAnalyzerTimeout() {
    return analyzerTimeout;
  }

  public void setAnalyzerTimeout(Duration analyzerTimeout) {
    this.analyzerTimeout = analyzerTimeout;
  }

  public int getMaxResultsPerRun() {
    return maxResultsPerRun;
  }

  public void setMaxResultsPerRun(int maxResultsPerRun) {
    this.maxResultsPerRun = maxResultsPerRun;
  }

  public long getMaxSarifGzipBytes() {
    return maxSarifGzipBytes;
  }

  public void setMaxSarifGzipBytes(long maxSarifGzipBytes) {
    this.maxSarifGzipBytes = maxSarifGzipBytes;
  }

  public Duration getRunLease() {
    return runLease;
  }

  public void setRunLease(Duration runLease) {
    this.runLease = runLease;
  }

  public Duration getPurgeReserve() {
    return purgeReserve;
  }

  public void setPurgeReserve(Duration purgeReserve) {
    this.purgeReserve = purgeReserve;
  }

  public Duration getDefaultInvocationTimeout() {
    return defaultInvocationTimeout;
  }

  public void setDefaultInvocationTimeout(Duration defaultInvocationTimeout) {
    this.defaultInvocationTimeout = defaultInvocationTimeout;
  }

  /** {@code airlock.analyze.github.*}: the GitHub App. */
  @ConfigurationProperties("github")
  public static class GitHub {
    private long appId;
    private String apiBaseUrl = "https://api.github.com/";
    private String gitBaseUrl = "https://github.com/";
    @Nullable private String privateKey;
    @Nullable private String privateKeySecret;

    public long getAppId() {
      return appId;
    }

    public void setAppId(long appId) {
      this.appId = appId;
    }

    public String getApiBaseUrl() {
      return apiBaseUrl;
    }

    public void setApiBaseUrl(String apiBaseUrl) {
      this.apiBaseUrl = apiBaseUrl;
    }

    public String getGitBaseUrl() {
      return gitBaseUrl;
    }

    public void setGitBaseUrl(String gitBaseUrl) {
      this.gitBaseUrl = gitBaseUrl;
    }

    /** The app's private key as PEM (local runs); in AWS use {@link #getPrivateKeySecret()}. */
    @Nullable
    public String getPrivateKey() {
      return privateKey;
    }

    public void setPrivateKey(@Nullable String privateKey) {
      this.privateKey = privateKey;
    }

    /** Secrets Manager secret (name or ARN) holding the app's private key as PEM. */
    @Nullable
    public String getPrivateKeySecret() {
      return privateKeySecret;
    }

    public void setPrivateKeySecret(@Nullable String privateKeySecret) {
      this.privateKeySecret = privateKeySecret;
    }
  }

  /**
   * What the OAuth code hosts (GitLab, Bitbucket) are configured with: where to clone from, where
   * to refresh and revoke tokens, and the Secrets Manager secret (name or ARN) holding {@code
   * [client id, client secret, refresh token]}; a host is enabled only when that secret is named.
   */
  public abstract static class OAuthHost {
    private String gitBaseUrl;
    private String tokenUrl;
    @Nullable private String revokeUrl;
    @Nullable private String oauthSecret;

    OAuthHost(String gitBaseUrl, String tokenUrl, @Nullable String revokeUrl) {
      this.gitBaseUrl = gitBaseUrl;
      this.tokenUrl = tokenUrl;
      this.revokeUrl = revokeUrl;
    }

    public String getGitBaseUrl() {
      return gitBaseUrl;
    }

    public void setGitBaseUrl(String gitBaseUrl) {
      this.gitBaseUrl = gitBaseUrl;
    }

    public String getTokenUrl() {
      return tokenUrl;
    }

    public void setTokenUrl(String tokenUrl) {
      this.tokenUrl = tokenUrl;
    }

    @Nullable
    public String getRevokeUrl() {
      return revokeUrl;
    }

    public void setRevokeUrl(@Nullable String revokeUrl) {
      this.revokeUrl = revokeUrl;
    }

    @Nullable
    public String getOauthSecret() {
      return oauthSecret;
    }

    public void setOauthSecret(@Nullable String oauthSecret) {
      this.oauthSecret = oauthSecret;
    }
  }

  /** {@code airlock.analyze.gitlab.*} ({@link OAuthHost}), gitlab.com by default. */
  @ConfigurationProperties("gitlab")
  public static class GitLab extends OAuthHost {
    public GitLab() {
      super(
          "https://gitlab.com/",
          "https://gitlab.com/oauth/token",
          "https://gitlab.com/oauth/revoke");
    }
  }

  /**
   * {@code airlock.analyze.bitbucket.*} ({@link OAuthHost}), bitbucket.org by default (which has no
   * revocation endpoint).
   */
  @ConfigurationProperties("bitbucket")
  public static class Bitbucket extends OAuthHost {
    public Bitbucket() {
      super("https://bitbucket.org/", "https://bitbucket.org/site/oauth2/access_token", null);
    }
  }
}
