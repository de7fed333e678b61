package dev.airlock.analyze.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.domain.AnalysisSettings;
import dev.airlock.analyze.domain.Caps;
import dev.airlock.testkit.Fixtures;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Configuration binding, in-process: the template's environment reaches the right settings. */
class AnalyzeConfigurationTest {

  private static final Map<String, Object> TEMPLATE_ENV =
      Map.of(
          "AIRLOCK_STATE_BUCKET", "airlock-dev-state",
          "AIRLOCK_STATE_KEY_ID", "alias/airlock/state",
          "AIRLOCK_GITHUB_APP_ID", "12345",
          "AIRLOCK_GITHUB_APP_PRIVATE_KEY_SECRET_ARN",
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:airlock/github-app-AbCdEf");

  /** A context with the template's variables as Lambda passes them, and {@code set} on top. */
  private static ApplicationContext lambdaContext(Map<String, Object> set) {
    return ApplicationContext.builder()
        .propertySources(
            PropertySource.of(
                "env", TEMPLATE_ENV, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
        .properties(set)
        .start();
  }

  @Test
  void context_shouldReadTheTemplatesEnvironmentVariables_whenRunningInLambda() {
    try (ApplicationContext ctx = lambdaContext(Map.of())) {
      assertEquals(
          "airlock-dev-state", AnalyzeFactory.stateBucket(ctx.getEnvironment()).orElseThrow());
      assertEquals(
          "alias/airlock/state", AnalyzeFactory.stateSseKeyId(ctx.getEnvironment()).orElseThrow());
      AnalyzeConfiguration.GitHub github = ctx.getBean(AnalyzeConfiguration.GitHub.class);
      assertEquals(12345, AnalyzeFactory.gitHubAppId(github, ctx.getEnvironment()));
      assertEquals(
          TEMPLATE_ENV.get("AIRLOCK_GITHUB_APP_PRIVATE_KEY_SECRET_ARN"),
          AnalyzeFactory.gitHubKeySecret(github, ctx.getEnvironment()).orElseThrow());
      assertNull(github.getPrivateKey());
      assertEquals("https://api.github.com/", github.getApiBaseUrl());
      assertEquals("https://github.com/", github.getGitBaseUrl());
    }
  }

  @Test
  void context_shouldPreferTheSharedNames_whenBothAreSet() {
    try (ApplicationContext ctx =
        lambdaContext(
            Map.of(
                "airlock.buckets.state", "local-state",
                "airlock.analyze.github.app-id", "777",
                "airlock.analyze.github.private-key-secret", "local-secret"))) {
      AnalyzeConfiguration.GitHub github = ctx.getBean(AnalyzeConfiguration.GitHub.class);
      assertEquals("local-state", AnalyzeFactory.stateBucket(ctx.getEnvironment()).orElseThrow());
      assertEquals(
          "alias/airlock/state",
          AnalyzeFactory.stateSseKeyId(ctx.getEnvironment()).orElseThrow(),
          "each setting falls back on its own");
      assertEquals(777, AnalyzeFactory.gitHubAppId(github, ctx.getEnvironment()));
      assertEquals(
          "local-secret",
          AnalyzeFactory.gitHubKeySecret(github, ctx.getEnvironment()).orElseThrow());
    }
  }

  @Test
  void context_shouldHaveNoStateBucketOrApp_whenNothingIsConfigured() {
    try (ApplicationContext ctx = ApplicationContext.run()) {
      AnalyzeConfiguration.GitHub github = ctx.getBean(AnalyzeConfiguration.GitHub.class);
      assertTrue(AnalyzeFactory.stateBucket(ctx.getEnvironment()).isEmpty());
      assertEquals(0, AnalyzeFactory.gitHubAppId(github, ctx.getEnvironment()));
      assertTrue(AnalyzeFactory.gitHubKeySecret(github, ctx.getEnvironment()).isEmpty());
    }
  }

  @Test
  void toSettings_shouldUseTheDocumentedDefaults_whenNothingIsConfigured() {
    try (ApplicationContext ctx = ApplicationContext.run()) {
      AnalysisSettings s = ctx.getBean(AnalyzeConfiguration.class).toSettings();
      assertEquals(Caps.defaults(), s.caps());
      assertEquals(List.of("secrets", "pmd"), s.analyzers());
      assertEquals("secrets-pmd.v1", s.analyzerSetId());
      assertTrue(
          s.runLease().compareTo(Duration.ofSeconds(300)) > 0, "longer than the function timeout");
      assertNull(
          ctx.getBean(AnalyzeConfiguration.GitLab.class).getOauthSecret(),
          "GitLab is off by default");
    }
  }

  @Test
  void context_shouldBindEachOAuthHostOnItsOwn_whenConfigured() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "airlock.analyze.gitlab.git-base-url", "https://gitlab.example/",
                "airlock.analyze.gitlab.token-url", "https://gitlab.example/oauth/token",
                "airlock.analyze.gitlab.oauth-secret", "gitlab-oauth",
                "airlock.analyze.bitbucket.revoke-url", "https://bitbucket.example/revoke"))) {
      AnalyzeConfiguration.GitLab gitlab = ctx.getBean(AnalyzeConfiguration.GitLab.class);
      AnalyzeConfiguration.Bitbucket bitbucket = ctx.getBean(AnalyzeConfiguration.Bitbucket.class);
      assertEquals("https://gitlab.example/", gitlab.getGitBaseUrl());
      assertEquals("https://gitlab.example/oauth/token", gitlab.getTokenUrl());
      assertEquals("https://gitlab.com/oauth/revoke", gitlab.getRevokeUrl(), "default kept");
      assertEquals("gitlab-oauth", gitlab.getOauthSecret());
      assertEquals("https://bitbucket.org/", bitbucket.getGitBaseUrl(), "default kept");
      assertEquals(
          "https://bitbucket.org/site/oauth2/access_token",
          bitbucket.getTokenUrl(),
          "default kept");
      assertEquals("https://bitbucket.example/revoke", bitbucket.getRevokeUrl());
      assertNull(bitbucket.getOauthSecret(), "bitbucket is off unless its own secret is named");
    }
  }

  @Test
  void context_shouldBindCapsAndSandboxSettings_whenConfigured() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "airlock.analyze.max-files", 7,
                "airlock.analyze.clone-timeout", "12s",
                "airlock.analyze.isolation", "none",
                "airlock.analyze.analyzers", "secrets",
                "airlock.analyze.analyzer-set-version", "2"))) {
      AnalyzeConfiguration c = ctx.getBean(AnalyzeConfiguration.class);
      assertEquals(7, c.toSettings().caps().maxFiles());
      assertEquals(Duration.ofSeconds(12), c.toSettings().caps().cloneTimeout());
      assertEquals("none", c.getIsolation());
      assertEquals("secrets.v2", c.toSettings().analyzerSetId());
    }
  }

  @Test
  void template_shouldSetOnlyEnvironmentVariablesTheFunctionReadsOrDocuments() throws IOException {
    String template = Files.readString(Fixtures.repoRoot().resolve("template.yaml"));
    int start = template.indexOf("  AnalyzeFunction:");
    int env = template.indexOf("Variables:", start);
    int end = template.indexOf("Events:", env);
    Matcher m = Pattern.compile("\\n\\s+([A-Z][A-Z0-9_]+):").matcher(template.substring(env, end));
    Set<String> names = new LinkedHashSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    Set<String> known =
        Set.of(
            "JAVA_TOOL_OPTIONS",
            "AIRLOCK_STATE_BUCKET",
            "AIRLOCK_STATE_KEY_ID",
            "AIRLOCK_TENANT_KEY_ALIAS_PREFIX",
            "AIRLOCK_GITHUB_APP_ID",
            "AIRLOCK_GITHUB_APP_PRIVATE_KEY_SECRET_ARN",
            "AIRLOCK_METRICS_NAMESPACE");
    assertTrue(
        names.containsAll(TEMPLATE_ENV.keySet()),
        "the template sets what the function needs: " + names);
    assertTrue(known.containsAll(names), "no unknown variable: " + names);
  }
}
