package dev.airlock.webhook.domain;

import dev.airlock.core.audit.RedactionGuard;
import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a verified webhook payload asks for: work, nothing, or a change of installation coverage.
 */
public sealed interface ParsedEvent {

  /**
   * A commit to analyze, before the account is known. {@code hookId} is what the host scopes
   * credentials to (GitHub installation id, GitLab project id, Bitbucket repository uuid); {@code
   * installationId} is set for GitHub only (null otherwise); {@code ownerId} may be null; {@code
   * repositoryId} and {@code ownerId} are the host's stable numeric/uuid ids (used to check
   * installation coverage, which must survive renames).
   *
   * @throws PayloadException if a field is missing or malformed
   */
  record JobRequest(
      Provider provider,
      String hookId,
      String installationId,
      String repositoryId,
      String ownerId,
      RepositoryRef repository,
      String commitSha,
      String ref,
      Integer pullRequest)
      implements ParsedEvent {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");

    /** The ref a job carries when the host's ref looks like it holds a secret. */
    public static final String REDACTED_REF = "refs/redacted";

    public JobRequest {
      if (provider == null || repository == null) {
        throw new PayloadException("provider or repository is missing");
      }
      if (hookId == null || !ID.matcher(hookId).matches()) {
        throw new PayloadException("hook id is invalid");
      }
      if (repositoryId == null || !ID.matcher(repositoryId).matches()) {
        throw new PayloadException("repository id is invalid");
      }
      if (commitSha == null || !SHA.matcher(commitSha).matches()) {
        throw new PayloadException("commit sha is invalid");
      }
      if (ref == null
          || ref.isEmpty()
          || ref.length() > 1024
          || ref.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new PayloadException("ref is invalid");
      }
      if (!RedactionGuard.isClean(ref)) {
        // A branch or tag name is the pusher's free text: one holding a token must not carry it
        // onto the queue. The commit, not the ref, is what is analyzed.
        ref = REDACTED_REF;
      }
      if (pullRequest != null && pullRequest <= 0) {
        throw new PayloadException("pull request number is invalid");
      }
    }
  }

  /** Valid but irrelevant (ping, deletion, closed pull request, unsupported event): 200. */
  record Ignored(String reason) implements ParsedEvent {
    public Ignored {
      reason = Reasons.token(reason);
    }
  }

  /**
   * A GitHub App installation was created, deleted, suspended or unsuspended, or its repositories
   * changed. Identifiers only.
   */
  record InstallationChange(
      Action action,
      String installationId,
      String hostAccountId,
      String appId,
      String repositorySelection,
      List<CoveredRepository> added,
      List<CoveredRepository> removed)
      implements ParsedEvent {

    public InstallationChange {
      if (action == null || installationId == null || hostAccountId == null) {
        throw new PayloadException("installation fields are missing");
      }
      repositorySelection = repositorySelection == null ? "selected" : repositorySelection;
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }

    /** What happened to the installation. */
    public enum Action {
      CREATED,
      DELETED,
      SUSPENDED,
      UNSUSPENDED,
      REPOSITORIES_CHANGED
    }
  }
}
