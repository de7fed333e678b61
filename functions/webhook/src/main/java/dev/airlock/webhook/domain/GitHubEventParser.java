package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitHub App events: {@code push}, {@code pull_request} (opened, synchronize, reopened), {@code
 * installation} (created, deleted, suspend, unsuspend), {@code installation_repositories} (added,
 * removed). {@code ping} and everything else is ignored with a reason.
 *
 * <p>Pushes are analyzed at {@code head_commit.id}, the commit (for an annotated tag, {@code after}
 * is the tag object). Pull requests are analyzed at the head commit through the base repository's
 * {@code refs/pull/<n>/head}, which GitHub maintains in the base repository even for forks, so the
 * installation token of the base repository suffices.
 */
public final class GitHubEventParser implements EventParser {
  private static final Set<String> PR_ACTIONS = Set.of("opened", "synchronize", "reopened");

  /** What {@link #job} reads of every job event. */
  private static final List<String> JOB_PATHS =
      List.of(
          "installation.id",
          "repository.id",
          "repository.name",
          "repository.clone_url",
          "repository.private",
          "repository.owner.login",
          "repository.owner.id");

  /**
   * Per event type, every path its method below reads (a pull request's payload is ~30 KB, of which
   * a job needs a dozen values). {@code EventParsersTest} pins that each event parses to the same
   * answer from these paths as from the whole payload.
   */
  private static final Map<String, List<String>> PATHS =
      Map.of(
          "ping",
          List.of(),
          "push",
          concat(JOB_PATHS, "after", "deleted", "head_commit.id", "ref"),
          "pull_request",
          concat(JOB_PATHS, "action", "number", "pull_request.head.sha"),
          "installation",
          List.of("action", "installation", "repositories"),
          "installation_repositories",
          List.of(
              "action",
              "installation",
              "repositories_added",
              "repositories_removed",
              "repository_selection"));

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  @Override
  public List<String> paths(String eventType) {
    // Any other event is ignored without reading anything but the root object.
    return PATHS.getOrDefault(eventType, List.of());
  }

  @Override
  public ParsedEvent parse(String eventType, Object payload) {
    JsonTree p = JsonTree.object(payload);
    return switch (eventType) {
      case "ping" -> new ParsedEvent.Ignored("ping");
      case "push" -> push(p);
      case "pull_request" -> pullRequest(p);
      case "installation" -> installation(p);
      case "installation_repositories" -> installationRepositories(p);
      default -> new ParsedEvent.Ignored("event-not-supported");
    };
  }

  private ParsedEvent push(JsonTree p) {
    String after = p.string("after");
    if (p.findBoolean("deleted").orElse(false) || Shas.isZero(after)) {
      return new ParsedEvent.Ignored("ref-deleted");
    }
    if (p.findObject("head_commit").isEmpty()) {
      return new ParsedEvent.Ignored("no-head-commit");
    }
    String installation = p.findId("installation", "id").orElse(null);
    if (installation == null) {
      return new ParsedEvent.Ignored("no-installation");
    }
    return job(p, installation, pushedCommit(p, after), p.string("ref"), null);
  }

  /**
   * The commit a push leaves its ref at. For an annotated tag GitHub sends the tag object's id as
   * {@code after} and the tagged commit as {@code head_commit}: a tag object can be neither checked
   * out as a commit nor reported against, so {@code head_commit.id} wins when it is a full id (for
   * a branch push both are the same commit).
   */
  private static String pushedCommit(JsonTree p, String after) {
    Object head = p.find("head_commit", "id").orElse(null);
    return head instanceof String id && Shas.isFull(id) ? id : after;
  }

  private ParsedEvent pullRequest(JsonTree p) {
    String action = p.string("action");
    if (!PR_ACTIONS.contains(action)) {
      return new ParsedEvent.Ignored("pull-request-action:" + action);
    }
    String installation = p.findId("installation", "id").orElse(null);
    if (installation == null) {
      return new ParsedEvent.Ignored("no-installation");
    }
    int number = p.positiveInt("number");
    String sha = p.string("pull_request", "head", "sha");
    return job(p, installation, sha, "refs/pull/" + number + "/head", number);
  }

  private ParsedEvent.JobRequest job(
      JsonTree p, String installation, String sha, String ref, Integer pr) {
    RepositoryRef repo;
    try {
      repo =
          new RepositoryRef(
              p.string("repository", "owner", "login"),
              p.string("repository", "name"),
              p.string("repository", "clone_url"),
              p.bool("repository", "private"));
    } catch (IllegalArgumentException e) {
      throw new PayloadException(e.getMessage());
    }
    return new ParsedEvent.JobRequest(
        Provider.GITHUB,
        installation,
        installation,
        p.id("repository", "id"),
        p.id("repository", "owner", "id"),
        repo,
        sha,
        ref,
        pr);
  }

  private ParsedEvent installation(JsonTree p) {
    String action = p.string("action");
    ParsedEvent.InstallationChange.Action kind =
        switch (action) {
          case "created" -> ParsedEvent.InstallationChange.Action.CREATED;
          case "deleted" -> ParsedEvent.InstallationChange.Action.DELETED;
          case "suspend" -> ParsedEvent.InstallationChange.Action.SUSPENDED;
          case "unsuspend" -> ParsedEvent.InstallationChange.Action.UNSUSPENDED;
          default -> null;
        };
    if (kind == null) {
      return new ParsedEvent.Ignored("installation-action:" + action);
    }
    List<CoveredRepository> repos =
        kind == ParsedEvent.InstallationChange.Action.CREATED
            ? repositories(p, "repositories")
            : List.of();
    return change(p, kind, repos, List.of(), p.findString("installation", "repository_selection"));
  }

  private ParsedEvent installationRepositories(JsonTree p) {
    String action = p.string("action");
    if (!action.equals("added") && !action.equals("removed")) {
      return new ParsedEvent.Ignored("installation-repositories-action:" + action);
    }
    return change(
        p,
        ParsedEvent.InstallationChange.Action.REPOSITORIES_CHANGED,
        repositories(p, "repositories_added"),
        repositories(p, "repositories_removed"),
        p.findString("repository_selection"));
  }

  private static ParsedEvent.InstallationChange change(
      JsonTree p,
      ParsedEvent.InstallationChange.Action kind,
      List<CoveredRepository> added,
      List<CoveredRepository> removed,
      java.util.Optional<String> selection) {
    String sel = selection.orElse("selected");
    if (!sel.equals("all") && !sel.equals("selected")) {
      throw new PayloadException("repository_selection is invalid");
    }
    return new ParsedEvent.InstallationChange(
        kind,
        p.id("installation", "id"),
        p.id("installation", "account", "id"),
        p.findId("installation", "app_id").orElse(null),
        sel,
        added,
        removed);
  }

  private static List<CoveredRepository> repositories(JsonTree p, String field) {
    List<CoveredRepository> out = new ArrayList<>();
    for (JsonTree r : p.objects(field)) {
      out.add(new CoveredRepository(r.id("id"), r.string("full_name")));
    }
    return out;
  }
}
