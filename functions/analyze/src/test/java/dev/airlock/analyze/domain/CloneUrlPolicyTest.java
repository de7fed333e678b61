package dev.airlock.analyze.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloneUrlPolicyTest {
  private static AnalysisJob job(Provider provider, String owner, String name, String cloneUrl) {
    return new AnalysisJob(
        1,
        "job-1",
        provider,
        "d-1",
        "42",
        "acme",
        new RepositoryRef(owner, name, cloneUrl, true),
        "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
        "refs/heads/main",
        null,
        Instant.EPOCH);
  }

  @Test
  void target_shouldUseTheConfiguredBase_whenTheMessageNamesAnotherHost() {
    CloneUrlPolicy p =
        new CloneUrlPolicy(Map.of(Provider.GITHUB, URI.create("https://github.com/")));

    RepositoryTarget t =
        p.target(
            job(Provider.GITHUB, "octo", "hello", "https://169.254.169.254/latest/meta-data.git"));

    assertEquals(URI.create("https://github.com/octo/hello.git"), t.cloneUrl());
    assertEquals("octo/hello", t.fullName());
  }

  @Test
  void target_shouldKeepGitLabGroupPaths_underTheBase() {
    CloneUrlPolicy p =
        new CloneUrlPolicy(Map.of(Provider.GITLAB, URI.create("https://gitlab.example/git/")));

    assertEquals(
        URI.create("https://gitlab.example/git/a/b/c/proj.git"),
        p.target(job(Provider.GITLAB, "a/b/c", "proj", "https://gitlab.example/a/b/c/proj.git"))
            .cloneUrl());
  }

  @Test
  void target_shouldRefuse_whenTheProviderHasNoBase() {
    CloneUrlPolicy p =
        new CloneUrlPolicy(Map.of(Provider.GITHUB, URI.create("https://github.com/")));

    AnalysisException e =
        assertThrows(
            AnalysisException.class,
            () -> p.target(job(Provider.BITBUCKET, "o", "n", "https://bitbucket.org/o/n.git")));
    assertEquals(Reason.PROVIDER_NOT_CONFIGURED, e.reason());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://github.com/",
        "http://10.0.0.1/",
        "http://metadata.internal/",
        "https://user:pw@github.com/",
        "https://github.com/?x=1",
        "https://github.com",
        "ftp://github.com/",
        "file:///srv/git/"
      })
  void requireAcceptableBase_shouldRefuse_whenTheBaseCouldLeakOrRedirectAClone(String base) {
    assertThrows(
        IllegalArgumentException.class,
        () -> CloneUrlPolicy.requireAcceptableBase(URI.create(base)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/",
        "https://ghe.example/api/v3/",
        "http://127.0.0.1:8080/",
        "http://localhost:1/",
        "http://[::1]:9/"
      })
  void requireAcceptableBase_shouldAccept_whenHttpsOrLoopbackHttp(String base) {
    assertEquals(URI.create(base), CloneUrlPolicy.requireAcceptableBase(URI.create(base)));
  }
}
