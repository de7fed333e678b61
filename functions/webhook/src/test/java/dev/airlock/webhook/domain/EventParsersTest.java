package dev.airlock.webhook.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import dev.airlock.webhook.Fixtures;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.domain.ParsedEvent.InstallationChange.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every real fixture payload (../shared/fixtures/webhooks) maps to the expected event. */
class EventParsersTest {
  private static final JsonCodec JSON = SerdeJsonCodec.createDefault();
  private final GitHubEventParser github = new GitHubEventParser();
  private final GitLabEventParser gitlab = new GitLabEventParser();
  private final BitbucketEventParser bitbucket = new BitbucketEventParser();

  private static Object fixture(String path) {
    return JSON.read(Fixtures.webhook(path));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutable(String path) {
    return (Map<String, Object>) fixture(path);
  }

  @ParameterizedTest
  @CsvSource({
    "ping, github/ping/payload.json, ping",
    "ping, github/ping/with-app_id.payload.json, ping",
    "push, github/push/payload.json, ref-deleted",
    "push, github/push/with-installation.payload.json, ref-deleted",
    "pull_request, github/pull_request/closed.payload.json, pull-request-action:closed",
    "issues, github/push/payload.json, event-not-supported"
  })
  void parse_shouldIgnoreWithReason_whenGitHubFixtureProducesNoWork(
      String event, String path, String reason) {
    assertEquals(new ParsedEvent.Ignored(reason), github.parse(event, fixture(path)));
  }

  @ParameterizedTest
  @CsvSource({
    "github/pull_request/opened.payload.json",
    "github/pull_request/synchronize.payload.json"
  })
  void parse_shouldRequestJobAtHeadThroughPullRef_whenGitHubPullRequestOpenedOrSynchronized(
      String path) {
    ParsedEvent result = github.parse("pull_request", fixture(path));

    assertEquals(
        new ParsedEvent.JobRequest(
            Provider.GITHUB,
            "1",
            "1",
            "186853002",
            "21031067",
            new RepositoryRef(
                "Codertocat",
                "Hello-World",
                "https://github.com/Codertocat/Hello-World.git",
                false),
            "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
            "refs/pull/2/head",
            2),
        result);
  }

  @Test
  void parse_shouldRequestJob_whenGitHubPushCreatesOrMovesARef() {
    // Derived from the fixture: the same push, but not a deletion.
    Map<String, Object> push = mutable("github/push/with-installation.payload.json");
    push.put("deleted", false);
    push.put("after", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    push.put("head_commit", Map.of("id", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"));

    ParsedEvent.JobRequest job = (ParsedEvent.JobRequest) github.parse("push", push);

    assertEquals("6113728f27ae82c7b1a177c8d03f9e96e0adf246", job.commitSha());
    assertEquals("refs/tags/simple-tag", job.ref());
    assertEquals("1", job.installationId());
    assertEquals(null, job.pullRequest());
  }

  @Test
  void parse_shouldRequestJobAtTheTaggedCommit_whenGitHubPushCreatesAnAnnotatedTag() {
    // GitHub sends the tag object's id as "after" for an annotated tag, and the commit it points
    // to as head_commit: the commit is what can be checked out and reported against.
    Map<String, Object> push = mutable("github/push/with-installation.payload.json");
    push.put("deleted", false);
    push.put("created", true);
    push.put("after", "d2b75aa7797ec26b088fa2dd527e9d2c052fcedd");
    push.put("head_commit", Map.of("id", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"));

    ParsedEvent.JobRequest job = (ParsedEvent.JobRequest) github.parse("push", push);

    assertEquals("6113728f27ae82c7b1a177c8d03f9e96e0adf246", job.commitSha());
    assertEquals("refs/tags/simple-tag", job.ref());
  }

  @Test
  void parse_shouldFallBackToAfter_whenGitHubHeadCommitCarriesNoUsableId() {
    Map<String, Object> push = mutable("github/push/with-installation.payload.json");
    push.put("deleted", false);
    push.put("after", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    push.put("head_commit", Map.of("message", "no id"));

    ParsedEvent.JobRequest job = (ParsedEvent.JobRequest) github.parse("push", push);

    assertEquals("6113728f27ae82c7b1a177c8d03f9e96e0adf246", job.commitSha());
  }

  @Test
  void parse_shouldIgnore_whenGitHubPushHasNoHeadCommitOrNoInstallation() {
    Map<String, Object> noHead = mutable("github/push/with-installation.payload.json");
    noHead.put("deleted", false);
    noHead.put("after", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    Map<String, Object> noInstallation = mutable("github/push/payload.json");
    noInstallation.put("deleted", false);
    noInstallation.put("after", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    noInstallation.put("head_commit", Map.of("id", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"));

    assertEquals(new ParsedEvent.Ignored("no-head-commit"), github.parse("push", noHead));
    assertEquals(new ParsedEvent.Ignored("no-installation"), github.parse("push", noInstallation));
  }

  @Test
  void parse_shouldDescribeInstallation_whenGitHubInstallationCreated() {
    ParsedEvent result =
        github.parse("installation", fixture("github/installation/created.payload.json"));

    assertEquals(
        new ParsedEvent.InstallationChange(
            Action.CREATED,
            "957387",
            "21031067",
            "29310",
            "selected",
            List.of(new CoveredRepository("186853002", "Codertocat/Hello-World")),
            List.of()),
        result);
  }

  @Test
  void parse_shouldDescribeDeletion_whenGitHubInstallationDeleted() {
    ParsedEvent.InstallationChange result =
        (ParsedEvent.InstallationChange)
            github.parse("installation", fixture("github/installation/deleted.payload.json"));

    assertEquals(Action.DELETED, result.action());
    assertEquals("2", result.installationId());
    assertEquals("1", result.hostAccountId());
  }

  @Test
  void parse_shouldListAddedAndRemovedRepositories_whenGitHubInstallationRepositoriesChange() {
    ParsedEvent.InstallationChange added =
        (ParsedEvent.InstallationChange)
            github.parse(
                "installation_repositories",
                fixture("github/installation_repositories/added.payload.json"));
    ParsedEvent.InstallationChange removed =
        (ParsedEvent.InstallationChange)
            github.parse(
                "installation_repositories",
                fixture("github/installation_repositories/removed.payload.json"));

    assertEquals(Action.REPOSITORIES_CHANGED, added.action());
    assertEquals(List.of(new CoveredRepository("186853007", "Codertocat/Space")), added.added());
    assertEquals(List.of(), added.removed());
    assertEquals(
        List.of(new CoveredRepository("1296269", "octocat/Hello-World")), removed.removed());
  }

  @Test
  void parse_shouldRequestJob_whenGitLabPushHook() {
    ParsedEvent result = gitlab.parse("Push Hook", fixture("gitlab/push.json"));

    assertEquals(
        new ParsedEvent.JobRequest(
            Provider.GITLAB,
            "15",
            null,
            "15",
            null,
            new RepositoryRef("mike", "diaspora", "http://example.com/mike/diaspora.git", true),
            "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
            "refs/heads/master",
            null),
        result);
  }

  @Test
  void parse_shouldRequestJobThroughMergeRequestRef_whenGitLabMergeRequestOpened() {
    ParsedEvent result = gitlab.parse("Merge Request Hook", fixture("gitlab/merge_request.json"));

    assertEquals(
        new ParsedEvent.JobRequest(
            Provider.GITLAB,
            "1",
            null,
            "1",
            null,
            new RepositoryRef(
                "gitlabhq", "gitlab-test", "http://example.com/gitlabhq/gitlab-test.git", false),
            "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
            "refs/merge-requests/1/head",
            1),
        result);
  }

  /**
   * Defect caught: every GitLab merge request {@code update} was analyzed, including the ones a
   * label, title, reviewer or approval change sends, which name the commit already analyzed (GitLab
   * sets {@code object_attributes.oldrev} only when commits were pushed). Derived from the fixture.
   */
  @Test
  void parse_shouldIgnore_whenGitLabMergeRequestUpdateCarriesNoNewCommits() {
    Map<String, Object> relabelled = mutable("gitlab/merge_request.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) relabelled.get("object_attributes");
    attributes.put("action", "update");
    attributes.remove("oldrev");

    assertEquals(
        new ParsedEvent.Ignored("merge-request-update-without-commits"),
        gitlab.parse("Merge Request Hook", relabelled));
  }

  @Test
  void parse_shouldRequestJobAtLastCommit_whenGitLabMergeRequestUpdatePushedCommits() {
    Map<String, Object> pushed = mutable("gitlab/merge_request.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) pushed.get("object_attributes");
    attributes.put("action", "update");
    attributes.put("oldrev", "b83d6e391c22777fca1ed3012fce84f633d7fed0");

    ParsedEvent result = gitlab.parse("Merge Request Hook", pushed);

    ParsedEvent.JobRequest job = assertInstanceOf(ParsedEvent.JobRequest.class, result);
    assertEquals("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", job.commitSha());
    assertEquals("refs/merge-requests/1/head", job.ref());
  }

  @Test
  void parse_shouldIgnore_whenGitLabTagPushOrDeletionOrClosedMergeRequest() {
    Map<String, Object> deletion = mutable("gitlab/push.json");
    deletion.put("after", "0000000000000000000000000000000000000000");
    deletion.put("checkout_sha", null);
    Map<String, Object> closed = mutable("gitlab/merge_request.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) closed.get("object_attributes");
    attributes.put("action", "close");

    assertEquals(
        new ParsedEvent.Ignored("event-not-supported"),
        gitlab.parse("Tag Push Hook", fixture("gitlab/tag_push.json")));
    assertEquals(new ParsedEvent.Ignored("ref-deleted"), gitlab.parse("Push Hook", deletion));
    assertEquals(
        new ParsedEvent.Ignored("merge-request-action:close"),
        gitlab.parse("Merge Request Hook", closed));
  }

  @Test
  void parse_shouldRequestJob_whenBitbucketRepoPush() {
    ParsedEvent result = bitbucket.parse("repo:push", fixture("bitbucket/repo-push.json"));

    assertEquals(
        new ParsedEvent.JobRequest(
            Provider.BITBUCKET,
            "673a6070-3421-46c9-9d48-90745f7bfe8e",
            null,
            "673a6070-3421-46c9-9d48-90745f7bfe8e",
            null,
            new RepositoryRef(
                "team_name", "repo_name", "https://bitbucket.org/team_name/repo_name.git", true),
            "709d658dc5b6d6afcd46049c2f332ee3f515a67d",
            "refs/heads/name-of-branch",
            null),
        result);
  }

  @Test
  void parse_shouldIgnoreAbbreviatedHash_whenBitbucketPullRequestFixtureCarriesAShortHash() {
    assertEquals(
        new ParsedEvent.Ignored("commit-hash-abbreviated"),
        bitbucket.parse("pullrequest:created", fixture("bitbucket/pull-request-created.json")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void parse_shouldRequestJob_whenBitbucketPullRequestCarriesAFullHash() {
    Map<String, Object> pr = mutable("bitbucket/pull-request-created.json");
    Map<String, Object> source =
        (Map<String, Object>) ((Map<String, Object>) pr.get("pullrequest")).get("source");
    source.put("commit", Map.of("hash", "d3022fc0ca3d0000000000000000000000000000"));

    ParsedEvent.JobRequest job =
        (ParsedEvent.JobRequest) bitbucket.parse("pullrequest:updated", pr);

    assertEquals("d3022fc0ca3d0000000000000000000000000000", job.commitSha());
    assertEquals("refs/heads/branch2", job.ref());
    assertEquals(1, job.pullRequest());
  }

  @Test
  void parse_shouldIgnore_whenBitbucketPushOnlyDeletesARef() {
    Object deletion =
        JSON.read(
            ("{\"push\":{\"changes\":[{\"new\":null,\"old\":{\"type\":\"branch\"}}]},"
                    + "\"repository\":{\"full_name\":\"a/b\",\"uuid\":\"{x}\",\"is_private\":true}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertEquals(new ParsedEvent.Ignored("ref-deleted"), bitbucket.parse("repo:push", deletion));
  }

  @Test
  void parse_shouldThrowPayloadException_whenAHandledEventHasTheWrongShape() {
    assertThrows(PayloadException.class, () -> github.parse("push", List.of()));
    assertThrows(PayloadException.class, () -> github.parse("push", Map.of("after", 5L)));
    assertThrows(
        PayloadException.class,
        () ->
            github.parse(
                "pull_request", Map.of("action", "opened", "installation", Map.of("id", 1L))));
    assertThrows(PayloadException.class, () -> gitlab.parse("Push Hook", Map.of()));
    assertThrows(
        PayloadException.class,
        () -> bitbucket.parse("repo:push", Map.of("push", Map.of("changes", "nope"))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void parse_shouldThrowPayloadException_whenCloneUrlCarriesCredentials() {
    Map<String, Object> pr = mutable("github/pull_request/opened.payload.json");
    ((Map<String, Object>) pr.get("repository"))
        .put("clone_url", "https://user:pass@github.com/Codertocat/Hello-World.git");

    assertThrows(PayloadException.class, () -> github.parse("pull_request", pr));
  }

  @Test
  void ignoredReason_shouldBeReducedToAHarmlessToken_whenItEmbedsPayloadText() {
    ParsedEvent result =
        github.parse("pull_request", Map.of("action", "<script>\n\"x\"" + "y".repeat(200)));

    ParsedEvent.Ignored ignored = assertInstanceOf(ParsedEvent.Ignored.class, result);
    assertEquals(64, ignored.reason().length());
    assertEquals(true, ignored.reason().matches("[a-z0-9_:.\\-]+"));
  }

  private static final List<String> GITHUB_FIXTURES =
      List.of(
          "github/ping/payload.json",
          "github/ping/with-app_id.payload.json",
          "github/pull_request/opened.payload.json",
          "github/pull_request/synchronize.payload.json",
          "github/pull_request/closed.payload.json",
          "github/push/payload.json",
          "github/push/with-installation.payload.json",
          "github/installation_repositories/added.payload.json",
          "github/installation_repositories/removed.payload.json",
          "github/installation/deleted.payload.json",
          "github/installation/created.payload.json");

  private static final List<String> GITHUB_EVENTS =
      List.of(
          "ping", "push", "pull_request", "installation", "installation_repositories", "issues");

  /** What parse answered: the event, or the exception's type and message. */
  private static Object outcome(EventParser parser, String event, Object payload) {
    try {
      return parser.parse(event, payload);
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void parse_shouldAnswerTheSame_whenGitHubPayloadIsReadOnlyAtItsPaths() {
    int compared = 0;
    for (String path : GITHUB_FIXTURES) {
      @SuppressWarnings("unchecked")
      Map<String, Object> original = (Map<String, Object>) fixture(path);
      // The fixture itself, and for every path any event reads: the value missing, null, or of
      // each other JSON type, so the shape checks see the same input on both sides.
      List<byte[]> bodies = new java.util.ArrayList<>();
      bodies.add(JSON.write(original));
      java.util.Set<String> every = new java.util.TreeSet<>();
      GITHUB_EVENTS.forEach(e -> every.addAll(github.paths(e)));
      for (String dotted : every) {
        for (Object replacement :
            java.util.Arrays.asList(MISSING, null, "x", 5L, -1L, true, List.of(), Map.of())) {
          Map<String, Object> copy = deepCopy(original);
          if (replaceAt(copy, dotted.split("\\."), replacement)) {
            bodies.add(JSON.write(copy));
          }
        }
      }
      for (byte[] body : bodies) {
        for (String event : GITHUB_EVENTS) {
          assertEquals(
              outcome(github, event, JSON.read(body)),
              outcome(github, event, JSON.read(body, github.paths(event))),
              path + " as " + event);
          compared++;
        }
      }
    }
    assertTrue(compared > 1_000, "compared " + compared);
  }

  private static final Object MISSING = new Object();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    return (Map<String, Object>) JSON.read(JSON.write(map));
  }

  /** Sets (or removes) the value at {@code steps} if every object on the way is there. */
  @SuppressWarnings("unchecked")
  private static boolean replaceAt(Map<String, Object> root, String[] steps, Object value) {
    Map<String, Object> node = root;
    for (int i = 0; i < steps.length - 1; i++) {
      if (!(node.get(steps[i]) instanceof Map)) {
        return false;
      }
      node = (Map<String, Object>) node.get(steps[i]);
    }
    if (value == MISSING) {
      return node.remove(steps[steps.length - 1]) != null;
    }
    node.put(steps[steps.length - 1], value);
    return true;
  }
}
