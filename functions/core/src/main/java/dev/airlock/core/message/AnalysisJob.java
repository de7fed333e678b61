package dev.airlock.core.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The analysis job the webhook puts on the FIFO analysis queue and checkout-and-analyze consumes.
 * Metadata only: never the webhook payload, never a token or secret. Versioned: a consumer refuses
 * a {@code version} it does not know rather than guessing.
 *
 * <p>Fields: {@code jobId} (unique, also the audit correlation id), {@code provider}, {@code
 * deliveryId} (the host's delivery GUID or equivalent), {@code hookId} (GitHub App installation id,
 * GitLab project id or Bitbucket repository uuid — whatever the host scopes credentials to), {@code
 * accountId} (the Airlock account), {@code repository}, {@code commitSha} (40 or 64 hex), {@code
 * ref} (e.g. {@code refs/heads/main}), {@code pullRequest} (number or null) and {@code receivedAt}.
 *
 * @throws IllegalArgumentException on construction if any field is missing or malformed
 */
@Serdeable
public record AnalysisJob(
    int version,
    String jobId,
    Provider provider,
    String deliveryId,
    String hookId,
    String accountId,
    RepositoryRef repository,
    String commitSha,
    String ref,
    @Nullable Integer pullRequest,
    Instant receivedAt) {

  /** The only version this build writes and reads. */
  public static final int CURRENT_VERSION = 1;

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");

  public AnalysisJob {
    Checks.require(version == CURRENT_VERSION, "unsupported job version");
    Checks.require(jobId != null && ID.matcher(jobId).matches(), "jobId is invalid");
    Checks.require(provider != null, "provider is missing");
    Checks.require(deliveryId != null && ID.matcher(deliveryId).matches(), "deliveryId is invalid");
    Checks.require(hookId != null && ID.matcher(hookId).matches(), "hookId is invalid");
    Checks.require(
        accountId != null && ACCOUNT.matcher(accountId).matches(), "accountId is invalid");
    Checks.require(repository != null, "repository is missing");
    Checks.require(commitSha != null && SHA.matcher(commitSha).matches(), "commitSha is invalid");
    Checks.require(
        ref != null
            && !ref.isEmpty()
            && ref.length() <= 1024
            && ref.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
        "ref is invalid");
    Checks.require(pullRequest == null || pullRequest > 0, "pullRequest is invalid");
    Checks.require(receivedAt != null, "receivedAt is missing");
  }

  /** FIFO {@code MessageGroupId}: one repository's jobs are processed in order. */
  public String messageGroupId() {
    return provider.wireName() + ":" + repository.fullName();
  }

  /**
   * FIFO {@code MessageDeduplicationId}: provider + hook id + delivery id, because a host's
   * delivery GUID repeats on redelivery and may repeat across apps. Hashed to fit SQS's 128-char
   * limit.
   */
  public String deduplicationId() {
    return deduplicationId(provider, hookId, deliveryId);
  }

  /**
   * {@link #deduplicationId()} of a job with these fields, before the job exists (the webhook
   * derives the job id from it, and builds the job once).
   */
  public static String deduplicationId(Provider provider, String hookId, String deliveryId) {
    return dev.airlock.core.crypto.Digests.sha256Hex(
        provider.wireName() + "\n" + hookId + "\n" + deliveryId);
  }

  /**
   * Worker idempotency key: repository + commit (the analyzer set version is added by the worker).
   */
  public String idempotencyKey() {
    return dev.airlock.core.crypto.Digests.sha256Hex(
        provider.wireName() + "\n" + repository.fullName() + "\n" + commitSha);
  }
}
