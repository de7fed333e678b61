package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import java.util.Set;

/**
 * GitLab project webhooks: {@code Push Hook} and {@code Merge Request Hook} (open, update, reopen).
 * Tag pushes and everything else are ignored with a reason.
 *
 * <p>The repository is the project the hook belongs to ({@code project}); group paths become the
 * owner ({@code group/sub}), the last path segment the name. A project is private unless its
 * visibility level is public (20): internal projects need credentials too. Merge requests are
 * analyzed at their last commit through {@code refs/merge-requests/<iid>/head}, which GitLab keeps
 * in the target project even for forks.
 *
 * <p>GitLab sends {@code update} for every change to a merge request (title, labels, assignees,
 * reviewers, approvals), and sets {@code object_attributes.oldrev} only when commits were pushed or
 * a suggestion applied: an update without it names a commit already analyzed, and is ignored
 * (GitHub's {@code edited}/{@code labeled} are ignored the same way).
 */
public final class GitLabEventParser implements EventParser {
  private static final Set<String> MR_ACTIONS = Set.of("open", "update", "reopen");
  private static final long VISIBILITY_PUBLIC = 20;

  @Override
  public ParsedEvent parse(String eventType, Object payload) {
    JsonTree p = JsonTree.object(payload);
    return switch (eventType) {
      case "Push Hook" -> push(p);
      case "Merge Request Hook" -> mergeRequest(p);
      default -> new ParsedEvent.Ignored("event-not-supported");
    };
  }

  private ParsedEvent push(JsonTree p) {
    String after = p.string("after");
    if (Shas.isZero(after)) {
      return new ParsedEvent.Ignored("ref-deleted");
    }
    if (p.findString("checkout_sha").isEmpty()) {
      return new ParsedEvent.Ignored("no-head-commit");
    }
    return job(p, after, p.string("ref"), null);
  }

  private ParsedEvent mergeRequest(JsonTree p) {
    String action = p.findString("object_attributes", "action").orElse("none");
    if (!MR_ACTIONS.contains(action)) {
      return new ParsedEvent.Ignored("merge-request-action:" + action);
    }
    if (action.equals("update") && p.findString("object_attributes", "oldrev").isEmpty()) {
      return new ParsedEvent.Ignored("merge-request-update-without-commits");
    }
    int iid = p.positiveInt("object_attributes", "iid");
    String sha = p.string("object_attributes", "last_commit", "id");
    return job(p, sha, "refs/merge-requests/" + iid + "/head", iid);
  }

  private ParsedEvent.JobRequest job(JsonTree p, String sha, String ref, Integer number) {
    String path = p.string("project", "path_with_namespace");
    int slash = path.lastIndexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new PayloadException("project.path_with_namespace is invalid");
    }
    Object visibility = p.find("project", "visibility_level").orElse(0L);
    boolean isPrivate = !(visibility instanceof Long l && l == VISIBILITY_PUBLIC);
    RepositoryRef repo;
    try {
      repo =
          new RepositoryRef(
              path.substring(0, slash),
              path.substring(slash + 1),
              p.string("project", "git_http_url"),
              isPrivate);
    } catch (IllegalArgumentException e) {
      throw new PayloadException(e.getMessage());
    }
    String projectId = p.id("project", "id");
    return new ParsedEvent.JobRequest(
        Provider.GITLAB, projectId, null, projectId, null, repo, sha, ref, number);
  }
}
