package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;

/**
 * Bitbucket Cloud webhooks: {@code repo:push} and {@code pullrequest:created}/{@code
 * pullrequest:updated}. Everything else is ignored with a reason.
 *
 * <p>A push may carry several ref changes; the first one that creates or moves a branch or tag is
 * analyzed (one send per request keeps the request path short). Pull requests from forks are
 * ignored: the enrollment covers the destination repository only. Bitbucket sometimes sends
 * abbreviated commit hashes in pull request events; those are ignored with a reason because the job
 * contract requires a full id.
 *
 * <p>Bitbucket Server and Data Center sign the same way ({@code X-Hub-Signature: sha256=}) and
 * identify deliveries by {@code X-Request-Id}: their {@code diagnostics:ping} is answered as a ping
 * and their events ({@code repo:refs_changed}, {@code pr:*}) are ignored as not supported.
 *
 * <p>The clone URL is {@code https://bitbucket.org/<workspace>/<repo>.git}; an operator's
 * enrollment may pin a different one.
 */
public final class BitbucketEventParser implements EventParser {

  @Override
  public ParsedEvent parse(String eventType, Object payload) {
    JsonTree p = JsonTree.object(payload);
    return switch (eventType) {
      // Bitbucket Server / Data Center's "Test connection" (its other events are not analyzed).
      case "diagnostics:ping" -> new ParsedEvent.Ignored("ping");
      case "repo:push" -> push(p);
      case "pullrequest:created", "pullrequest:updated" -> pullRequest(p);
      default -> new ParsedEvent.Ignored("event-not-supported");
    };
  }

  private ParsedEvent push(JsonTree p) {
    for (JsonTree change : p.objects("push", "changes")) {
      JsonTree created = change.findObject("new").orElse(null);
      if (created == null) {
        continue;
      }
      String type = created.string("type");
      String prefix =
          switch (type) {
            case "branch" -> "refs/heads/";
            case "tag" -> "refs/tags/";
            default -> null;
          };
      if (prefix == null) {
        continue;
      }
      String sha = created.string("target", "hash");
      if (!Shas.isFull(sha)) {
        return new ParsedEvent.Ignored("commit-hash-abbreviated");
      }
      return job(p, sha, prefix + created.string("name"), null);
    }
    return new ParsedEvent.Ignored("ref-deleted");
  }

  private ParsedEvent pullRequest(JsonTree p) {
    String source = p.string("pullrequest", "source", "repository", "full_name");
    String destination = p.string("pullrequest", "destination", "repository", "full_name");
    if (!source.equals(destination) || !destination.equals(p.string("repository", "full_name"))) {
      return new ParsedEvent.Ignored("pull-request-from-fork");
    }
    String sha = p.string("pullrequest", "source", "commit", "hash");
    if (!Shas.isFull(sha)) {
      return new ParsedEvent.Ignored("commit-hash-abbreviated");
    }
    int number = p.positiveInt("pullrequest", "id");
    return job(p, sha, "refs/heads/" + p.string("pullrequest", "source", "branch", "name"), number);
  }

  private ParsedEvent.JobRequest job(JsonTree p, String sha, String ref, Integer number) {
    String fullName = p.string("repository", "full_name");
    int slash = fullName.indexOf('/');
    if (slash <= 0 || slash != fullName.lastIndexOf('/') || slash == fullName.length() - 1) {
      throw new PayloadException("repository.full_name is invalid");
    }
    String uuid = p.string("repository", "uuid");
    String id =
        uuid.length() >= 2 && uuid.startsWith("{") && uuid.endsWith("}")
            ? uuid.substring(1, uuid.length() - 1)
            : uuid;
    RepositoryRef repo;
    try {
      repo =
          new RepositoryRef(
              fullName.substring(0, slash),
              fullName.substring(slash + 1),
              "https://bitbucket.org/" + fullName + ".git",
              p.bool("repository", "is_private"));
    } catch (IllegalArgumentException e) {
      throw new PayloadException(e.getMessage());
    }
    return new ParsedEvent.JobRequest(
        Provider.BITBUCKET, id, null, id, null, repo, sha, ref, number);
  }
}
