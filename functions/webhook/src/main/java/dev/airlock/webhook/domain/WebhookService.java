package dev.airlock.webhook.domain;

import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.KeyServiceException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.EnqueueException;
import dev.airlock.core.message.JobQueue;
import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import dev.airlock.core.state.StateStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The webhook's use case: one request from a code host in, one answer and exactly one audit record
 * out. In order:
 *
 * <ol>
 *   <li>body size (413), content type (415: only {@code application/json}; GitHub's form encoding
 *       is refused, configure the App to send JSON), required headers (400);
 *   <li>signature or token over the raw bytes (401; 503 when no secret is configured or the secrets
 *       cannot be read — fail closed);
 *   <li>JSON parse and event interpretation (400 when malformed; 200 ignored with a reason);
 *   <li>routing: installation events update the state store (200; ignored for a deleted account,
 *       whose id stays closed); job events need a known, active installation (GitHub) or an
 *       enrollment (GitLab, Bitbucket), else 200 ignored; a known one becomes an {@link
 *       AnalysisJob} sent to the queue once (202 with the job id).
 * </ol>
 *
 * <p>Nothing is parsed, looked up, stored or sent before the signature verifies. On the job path
 * the only I/O is one state-store read and one queue send. The job id is derived from provider,
 * hook id and delivery id, so a redelivery answers the same job id and the FIFO queue drops the
 * duplicate message.
 */
public final class WebhookService {
  /** The audit action of every webhook request. */
  public static final String AUDIT_ACTION = "webhook.received";

  private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
  private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_:. \\-]{1,64}");

  private final WebhookSettings settings;
  private final WebhookSecrets secrets;
  private final JsonCodec json;
  private final InstallationDirectory installations;
  private final EnrollmentService enrollments;
  private final AccountDirectory accounts;
  private final JobQueue queue;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<Provider, Host> hosts;

  public WebhookService(
      WebhookSettings settings,
      WebhookSecrets secrets,
      JsonCodec json,
      InstallationDirectory installations,
      EnrollmentService enrollments,
      AccountDirectory accounts,
      JobQueue queue,
      AuditLog audit,
      Clock clock) {
    this.settings = settings;
    this.secrets = secrets;
    this.json = json;
    this.installations = installations;
    this.enrollments = enrollments;
    this.accounts = accounts;
    this.queue = queue;
    this.audit = audit;
    this.clock = clock;
    this.hosts =
        Map.of(
            Provider.GITHUB,
            new Host(
                HubSignatureVerifier.github(),
                new GitHubEventParser(),
                "X-GitHub-Event",
                List.of("X-GitHub-Delivery")),
            Provider.GITLAB,
            new Host(
                new GitLabVerifier(settings.signatureTolerance()),
                new GitLabEventParser(),
                "X-Gitlab-Event",
                List.of("Idempotency-Key", "webhook-id", "X-Gitlab-Event-UUID")),
            Provider.BITBUCKET,
            new Host(
                HubSignatureVerifier.bitbucket(),
                new BitbucketEventParser(),
                "X-Event-Key",
                // Cloud sends X-Request-UUID; Server and Data Center send X-Request-Id.
                List.of("X-Request-UUID", "X-Request-Id")));
  }

  /** How one code host signs, names its events and identifies deliveries. */
  private record Host(
      SignatureVerifier verifier,
      EventParser parser,
      String eventHeader,
      List<String> deliveryHeaders) {}

  /**
   * Reads the GitHub and Bitbucket secrets now and, on the calling thread, runs one throw-away
   * verification per secret ({@link SignatureWarmUp#prepare}), for a restore hook: the first
   * request then finds the secrets in their source's cache, their keys set up (including a
   * provider's deferred key schedule) and the verification's code and data paged in. Only after a
   * SnapStart restore, never before the snapshot.
   *
   * @return how many keys were set up
   * @throws WebhookSecrets.SecretsUnavailableException if the secrets cannot be read (the first
   *     request will then try again and fail closed as usual)
   * @throws IllegalStateException if a throw-away verification does not verify (a broken HMAC
   *     provider; requests will be refused as well)
   */
  public int prepareVerifiers() {
    int n = 0;
    for (Provider p : List.of(Provider.GITHUB, Provider.BITBUCKET)) {
      n += SignatureWarmUp.prepare(secrets.secretsFor(p));
    }
    return n;
  }

  /**
   * Handles one request. Never throws for any header or body content: every such problem is a 4xx
   * answer. Infrastructure failures (state store, queue) are answered 503 and audited as failed.
   *
   * @param provider the route the request came in on
   * @param headers the request headers
   * @param body the raw body bytes (null is treated as empty)
   */
  public WebhookResponse handle(Provider provider, Headers headers, byte[] body) {
    Instant now = clock.instant();
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("provider", provider.wireName());
    Outcome outcome;
    try {
      outcome = decide(provider, headers, body == null ? new byte[0] : body, now, ids);
    } catch (Headers.AmbiguousHeaderException e) {
      outcome = Outcome.rejected(400, "header-repeated:" + e.header());
    } catch (StateStoreException | IllegalStateException | KeyServiceException e) {
      outcome = Outcome.failed(503, "state-unavailable");
    } catch (EnqueueException e) {
      outcome = Outcome.failed(503, "queue-unavailable");
    } catch (PayloadException | IllegalArgumentException e) {
      // A verified payload whose values the job contract refuses (e.g. a hostile clone URL).
      outcome = Outcome.rejected(400, "malformed-payload");
    }
    audit.record(new AuditRecord(now, AUDIT_ACTION, outcome.audit, outcome.reason(), ids));
    return outcome.response;
  }

  private Outcome decide(
      Provider provider, Headers headers, byte[] body, Instant now, Map<String, String> ids) {
    Host host = hosts.get(provider);
    if (body.length > settings.maxBodyBytes()) {
      return Outcome.rejected(413, "body-too-large");
    }
    if (!isJson(headers.single("Content-Type").orElse(null))) {
      return Outcome.rejected(415, "unsupported-content-type");
    }
    String event = headers.single(host.eventHeader()).orElse(null);
    if (event == null) {
      return Outcome.rejected(400, "missing-header:" + host.eventHeader().toLowerCase(Locale.ROOT));
    }
    if (!EVENT_TYPE.matcher(event).matches()) {
      return Outcome.rejected(400, "invalid-header:" + host.eventHeader().toLowerCase(Locale.ROOT));
    }
    String delivery = deliveryId(headers, host);
    if (delivery == null) {
      return Outcome.rejected(
          400, "missing-header:" + host.deliveryHeaders().get(0).toLowerCase(Locale.ROOT));
    }
    if (!DELIVERY_ID.matcher(delivery).matches()) {
      return Outcome.rejected(400, "invalid-delivery-id");
    }
    ids.put("deliveryId", delivery);
    ids.put("event", Reasons.token(event));

    List<WebhookSecret> configured;
    try {
      configured = secrets.secretsFor(provider);
    } catch (WebhookSecrets.SecretsUnavailableException e) {
      return Outcome.failed(503, "secrets-unavailable");
    }
    Verification verification = host.verifier().verify(headers, body, configured, now);
    if (verification instanceof Verification.NotConfigured) {
      return Outcome.rejected(503, "not-configured");
    }
    if (verification instanceof Verification.Refused refused) {
      return Outcome.rejected(401, refused.reason());
    }

    ParsedEvent parsed;
    try {
      List<String> paths = host.parser().paths(event);
      parsed = host.parser().parse(event, paths == null ? json.read(body) : json.read(body, paths));
    } catch (JsonCodec.MalformedJsonException e) {
      return Outcome.rejected(400, "malformed-json");
    } catch (PayloadException e) {
      return Outcome.rejected(400, "malformed-payload");
    }
    if (parsed instanceof ParsedEvent.Ignored ignored) {
      return Outcome.ignored(ignored.reason());
    }
    if (parsed instanceof ParsedEvent.InstallationChange change) {
      return applyInstallation(change, now, ids);
    }
    return route((ParsedEvent.JobRequest) parsed, delivery, now, ids);
  }

  private Outcome applyInstallation(
      ParsedEvent.InstallationChange change, Instant now, Map<String, String> ids) {
    ids.put("installationId", change.installationId());
    String account = InstallationRecord.githubAccountId(change.hostAccountId());
    // Before anything is recorded: a deleted account gets no installation record back (which
    // would route work to it again) and no new profile or key.
    if (accounts.isDeleted(account)) {
      ids.put("accountId", account);
      return Outcome.ignored("account-deleted");
    }
    InstallationRecord stored = installations.apply(change, now);
    ids.put("accountId", stored.accountId());
    if (change.action() == ParsedEvent.InstallationChange.Action.CREATED) {
      try {
        accounts.ensureAccount(stored.accountId(), Provider.GITHUB, stored.hostAccountId(), now);
      } catch (AccountDeletedException deletedMeanwhile) {
        return Outcome.ignored("account-deleted");
      } catch (KeyUnavailableException shredded) {
        // The account's key is disabled or pending deletion: its deletion is under way.
        return Outcome.ignored("account-deleted");
      }
    }
    return Outcome.processed(
        "installation-" + change.action().name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  private Outcome route(
      ParsedEvent.JobRequest request, String delivery, Instant now, Map<String, String> ids) {
    ids.put("repository", request.repository().fullName());
    String accountId;
    RepositoryRef repository = request.repository();
    if (request.provider() == Provider.GITHUB) {
      ids.put("installationId", request.installationId());
      Optional<InstallationRecord> record = installations.find(request.installationId());
      if (record.isEmpty()) {
        return Outcome.ignored("installation-unknown");
      }
      InstallationRecord installation = record.get();
      switch (installation.status()) {
        case DELETED:
          return Outcome.ignored("installation-deleted");
        case SUSPENDED:
          return Outcome.ignored("installation-suspended");
        default:
          break;
      }
      if (!installation.covers(request.repositoryId(), request.ownerId())) {
        return Outcome.ignored("repository-not-covered");
      }
      accountId = installation.accountId();
    } else {
      Optional<Enrollment> enrollment = enrollments.find(request.provider(), repository.fullName());
      if (enrollment.isEmpty()) {
        return Outcome.ignored("repository-not-enrolled");
      }
      accountId = enrollment.get().accountId();
      if (enrollment.get().cloneUrl() != null) {
        repository =
            new RepositoryRef(
                repository.owner(),
                repository.name(),
                enrollment.get().cloneUrl(),
                repository.privateRepo());
      }
    }
    ids.put("accountId", accountId);
    AnalysisJob job = job(request, repository, accountId, delivery, now);
    ids.put("jobId", job.jobId());
    queue.enqueue(job);
    return Outcome.accepted(job.jobId());
  }

  /**
   * Builds the job. Its id is derived from the queue's deduplication id (provider, hook id,
   * delivery id): a redelivery gets the same id, the one job the FIFO queue keeps.
   */
  static AnalysisJob job(
      ParsedEvent.JobRequest request,
      RepositoryRef repository,
      String accountId,
      String delivery,
      Instant now) {
    // Built once: the constructor's checks refuse a bad hook or delivery id whatever the job id.
    String dedup = AnalysisJob.deduplicationId(request.provider(), request.hookId(), delivery);
    return build("job-" + dedup.substring(0, 32), request, repository, accountId, delivery, now);
  }

  private static AnalysisJob build(
      String jobId,
      ParsedEvent.JobRequest request,
      RepositoryRef repository,
      String accountId,
      String delivery,
      Instant now) {
    return new AnalysisJob(
        AnalysisJob.CURRENT_VERSION,
        jobId,
        request.provider(),
        delivery,
        request.hookId(),
        accountId,
        repository,
        request.commitSha(),
        request.ref(),
        request.pullRequest(),
        now);
  }

  private static String deliveryId(Headers headers, Host host) {
    for (String name : host.deliveryHeaders()) {
      Optional<String> value = headers.single(name);
      if (value.isPresent()) {
        return value.get();
      }
    }
    return null;
  }

  /** {@code application/json}, parameters (charset) allowed; the bytes are verified as sent. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    return type.equalsIgnoreCase("application/json");
  }

  private record Outcome(WebhookResponse response, String audit) {
    static Outcome accepted(String jobId) {
      return new Outcome(WebhookResponse.accepted(jobId), "accepted");
    }

    static Outcome processed(String reason) {
      return new Outcome(WebhookResponse.processed(reason), "accepted");
    }

    static Outcome ignored(String reason) {
      return new Outcome(WebhookResponse.ignored(reason), "ignored");
    }

    static Outcome rejected(int status, String reason) {
      return new Outcome(WebhookResponse.rejected(status, reason), "rejected");
    }

    static Outcome failed(int status, String reason) {
      return new Outcome(WebhookResponse.rejected(status, reason), "failed");
    }

    String reason() {
      return response.reason();
    }
  }
}
