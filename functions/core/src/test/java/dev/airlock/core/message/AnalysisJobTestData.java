package dev.airlock.core.message;

import java.time.Instant;

/** Builder of valid {@link AnalysisJob}s for tests; each test changes only what it is about. */
public final class AnalysisJobTestData {
  private int version = AnalysisJob.CURRENT_VERSION;
  private String jobId = "job-0001";
  private Provider provider = Provider.GITHUB;
  private String deliveryId = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
  private String hookId = "123456";
  private String accountId = "acme";
  private RepositoryRef repository =
      new RepositoryRef(
          "octo-org", "hello-world", "https://github.com/octo-org/hello-world.git", true);
  private String commitSha = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
  private String ref = "refs/heads/main";
  private Integer pullRequest = null;
  private Instant receivedAt = Instant.parse("2026-01-02T03:04:05.678Z");

  public static AnalysisJobTestData aJob() {
    return new AnalysisJobTestData();
  }

  public AnalysisJobTestData jobId(String v) {
    jobId = v;
    return this;
  }

  public AnalysisJobTestData provider(Provider v) {
    provider = v;
    return this;
  }

  public AnalysisJobTestData deliveryId(String v) {
    deliveryId = v;
    return this;
  }

  public AnalysisJobTestData hookId(String v) {
    hookId = v;
    return this;
  }

  public AnalysisJobTestData accountId(String v) {
    accountId = v;
    return this;
  }

  public AnalysisJobTestData repository(RepositoryRef v) {
    repository = v;
    return this;
  }

  public AnalysisJobTestData commitSha(String v) {
    commitSha = v;
    return this;
  }

  public AnalysisJobTestData ref(String v) {
    ref = v;
    return this;
  }

  public AnalysisJobTestData pullRequest(Integer v) {
    pullRequest = v;
    return this;
  }

  public AnalysisJob build() {
    return new AnalysisJob(
        version,
        jobId,
        provider,
        deliveryId,
        hookId,
        accountId,
        repository,
        commitSha,
        ref,
        pullRequest,
        receivedAt);
  }
}
