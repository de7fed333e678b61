package dev.airlock.analyze;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyze.adapter.process.ProcessSandbox;
import dev.airlock.analyze.domain.RuleCatalog;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.analyze.probe.ProbeAnalyzer;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.BillingSubscription;
import dev.airlock.core.billing.SubscriptionStatus;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.emulators.codehost.FixtureRepositories;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.emulators.codehost.LocalCodeHost;
import dev.airlock.emulators.codehost.LocalCodeHostConfig;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The analyze function wired as in AWS, against real servers on real sockets: the testkit's local
 * AWS stack (ElasticMQ FIFO queue, S3Mock, local KMS), a local code host (JGit smart HTTP and the
 * GitHub token API), and the probe analyzer in the real sandbox. One per test class (the code host
 * and the application context are started once); tests use fresh accounts and repositories.
 */
public final class AnalyzeTestBed implements AutoCloseable {
  public final LocalAws aws;
  public final LocalCodeHost host;
  public final FixtureRepositories repos;
  public final Path sandboxBase;
  public final ApplicationContext context;
  public final AnalyzeHandler handler;
  public final StringWriter auditText = new StringWriter();
  public final List<AuditRecord> audits = new CopyOnWriteArrayList<>();
  public final List<String> hostLog = new CopyOnWriteArrayList<>();
  public final TenantDocuments documents;
  public final KmsTenantKeys tenantKeys;
  public final SerdeJsonCodec json = SerdeJsonCodec.createDefault();
  private final String queueUrl;

  /** A repository on the code host and the installation that covers it. */
  public record Repo(String owner, String name, String sha, long installationId) {
    public String fullName() {
      return owner + "/" + name;
    }
  }

  private AnalyzeTestBed(LocalAws aws, Map<String, Object> overrides, Object... beans) {
    this.aws = aws;
    Path repoRoot = TestDirs.fresh("codehost");
    this.repos = new FixtureRepositories(repoRoot);
    this.host =
        LocalCodeHost.start(
            LocalCodeHostConfig.builder(repoRoot).requestLogSink(hostLog::add).build());
    this.sandboxBase = TestDirs.fresh("sandboxes");
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    props.put("airlock.analyze.github.app-id", host.appId());
    props.put("airlock.analyze.github.api-base-url", host.apiBaseUrl().toString());
    props.put("airlock.analyze.github.git-base-url", host.gitBaseUrl().toString());
    props.put(
        "airlock.analyze.github.private-key", pem(host.appKeyPair().orElseThrow().getPrivate()));
    props.put("airlock.analyze.analyzers-classpath", TestDirs.testClasses());
    props.put("airlock.analyze.analyzer-main-class", ProbeAnalyzer.class.getName());
    props.put("airlock.analyze.analyzer-heap-mb", 128);
    props.put("airlock.analyze.sandbox-base-dir", sandboxBase.toString());
    props.put("airlock.analyze.max-files", 200);
    props.put("airlock.analyze.max-file-bytes", 64 * 1024);
    props.put("airlock.analyze.clone-timeout", "60s");
    props.put("airlock.analyze.analyzer-timeout", "60s");
    props.putAll(overrides);
    JsonLinesAuditLog audit = new JsonLinesAuditLog(auditText, audits::add);
    List<Object> singletons = new ArrayList<>(List.of(audit));
    if (ProbeAnalyzer.class.getName().equals(props.get("airlock.analyze.analyzer-main-class"))) {
      singletons.add(probeCatalog());
    }
    singletons.addAll(Arrays.asList(beans));
    this.context =
        ApplicationContext.builder().properties(props).singletons(singletons.toArray()).start();
    this.handler = new AnalyzeHandler(context);
    this.queueUrl = aws.queueUrl("AnalysisQueue");
    this.tenantKeys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    this.documents =
        new TenantDocuments(
            new S3StateStore(aws.s3(), aws.bucket("StateBucket"), aws.keyId("StateKey")),
            new TenantVault(new KmsDataKeyProvider(aws.kms()), tenantKeys));
  }

  /**
   * The bundled catalog plus the probe's rules: {@code probe/<observation>/<value>} for every
   * observation the probe reports through SARIF, its words and counts 0-255. Like a subverted
   * analyzer, the probe can only report through catalogued rule ids and locations.
   */
  static RuleCatalog probeCatalog() {
    Map<String, RuleCatalog.Rule> rules = new LinkedHashMap<>();
    List<String> values =
        new ArrayList<>(
            List.of(
                "absent",
                "present",
                "readable",
                "unreadable",
                "denied",
                "none",
                "found",
                "created",
                "connected",
                "failed",
                "unknown"));
    for (int i = 0; i < 256; i++) {
      values.add(Integer.toString(i));
    }
    for (String key :
        List.of(
            "salt",
            "env.aws",
            "env.secrets",
            "uid",
            "symlinks",
            "files",
            "proc.parent",
            "proc.readable",
            "proc.leaks",
            "net.connect",
            "read.other",
            "link.outside")) {
      for (String value : values) {
        String id = "probe/" + key + "/" + value;
        rules.put(id, new RuleCatalog.Rule(id, null, "Probe observation " + key, null, null));
      }
    }
    List<RuleCatalog.Tool> tools =
        new ArrayList<>(RuleCatalog.bundled(SerdeJsonCodec.createDefault()).tools().values());
    tools.add(new RuleCatalog.Tool("airlock-probe", "1.0", null, rules));
    return RuleCatalog.of(tools);
  }

  public static AnalyzeTestBed start(LocalAws aws) {
    return start(aws, Map.of());
  }

  public static AnalyzeTestBed start(LocalAws aws, Map<String, Object> overrides) {
    return new AnalyzeTestBed(aws, overrides);
  }

  /** With beans that replace the composition root's (e.g. a clock). */
  public static AnalyzeTestBed start(LocalAws aws, Map<String, Object> overrides, Object... beans) {
    return new AnalyzeTestBed(aws, overrides, beans);
  }

  static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /**
   * A fresh account entitled to private analyses: its tenant key exists (the webhook creates it at
   * enrollment) and its billing document says {@code active} (as the billing function stores it).
   */
  public String newAccount() {
    String account = newUnbilledAccount();
    storeBilling(account, billing(account, SubscriptionStatus.ACTIVE.wireName()));
    return account;
  }

  /** A fresh account whose tenant key exists but that has no billing document at all. */
  public String newUnbilledAccount() {
    String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    tenantKeys.ensureKey(account);
    return account;
  }

  /** A billing document with {@code status} (null: linked to a customer, no subscription yet). */
  public static BillingDocument billing(String account, String status) {
    String id = account.replace('-', '_');
    if (status == null) {
      return BillingDocument.linked("cus_" + id, null);
    }
    long now = Instant.now().getEpochSecond();
    return BillingDocument.of(
        "cus_" + id,
        List.of(
            new BillingSubscription(
                "sub_" + id,
                status,
                "price_airlock_team",
                1L,
                now + 30L * 24 * 3600,
                false,
                "evt_" + id,
                now)));
  }

  /**
   * Stores (or replaces) the account's billing document exactly as the billing function does:
   * {@link BillingDocument#toJson()} sealed under the tenant key, kind {@link
   * BillingDocument#KIND}, at {@link StateKeys#billing}.
   */
  public void storeBilling(String account, BillingDocument billing) {
    String key = StateKeys.billing(account);
    Optional<TenantDocuments.Doc> current = documents.read(account, BillingDocument.KIND, key);
    if (current.isEmpty()) {
      documents.create(account, BillingDocument.KIND, key, billing.toJson());
    } else {
      documents.replace(account, BillingDocument.KIND, key, billing.toJson(), current.get().etag());
    }
  }

  /** A fresh repository holding {@code tree}, covered by a fresh installation. */
  public Repo newRepository(FixtureTree tree) {
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    String name = "repo";
    String sha = repos.create(owner, name, tree);
    long installation = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L);
    host.registerInstallation(installation, owner, List.of(owner + "/" + name));
    return new Repo(owner, name, sha, installation);
  }

  /** A job for {@code repo} on behalf of {@code account}, as the webhook would enqueue it. */
  public AnalysisJob job(String account, Repo repo) {
    return job(account, repo, "delivery-" + UUID.randomUUID());
  }

  public AnalysisJob job(String account, Repo repo, String deliveryId) {
    return job(account, repo, deliveryId, true);
  }

  /** A job for {@code repo} as a public repository. */
  public AnalysisJob publicJob(String account, Repo repo) {
    return job(account, repo, "delivery-" + UUID.randomUUID(), false);
  }

  private AnalysisJob job(String account, Repo repo, String deliveryId, boolean privateRepo) {
    return new AnalysisJob(
        AnalysisJob.CURRENT_VERSION,
        "job-" + UUID.randomUUID(),
        Provider.GITHUB,
        deliveryId,
        Long.toString(repo.installationId()),
        account,
        // the clone URL in the message is deliberately not the code host's: it must not be used
        new RepositoryRef(
            repo.owner(),
            repo.name(),
            "https://attacker.invalid/" + repo.fullName() + ".git",
            privateRepo),
        repo.sha(),
        "refs/heads/main",
        null,
        Instant.now());
  }

  /** Sends a job to the FIFO queue exactly as the webhook's SqsJobQueue does. */
  public String enqueue(AnalysisJob job) {
    return send(Json.writeString(job), job.messageGroupId(), job.deduplicationId());
  }

  /** Sends any body (e.g. a malformed one) to the FIFO queue. */
  public String send(String body, String group, String dedup) {
    SendMessageResponse r =
        aws.sqs()
            .sendMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .messageBody(body)
                        .messageGroupId(group)
                        .messageDeduplicationId(dedup));
    return r.messageId();
  }

  /**
   * Receives the given messages from the queue, hands them to the handler as one SQS event (in the
   * given order, as Lambda's event source would), and deletes the ones not reported as failed.
   */
  public SQSBatchResponse deliver(List<String> messageIds) {
    return deliver(
        messageIds,
        event -> handler.handleRequest(event, new TestLambdaContext("analyze", 300_000)));
  }

  /**
   * As {@link #deliver(List)}, with the event handed to {@code function} instead of this bed's
   * handler (e.g. the deployment jar in a JVM of its own).
   */
  public SQSBatchResponse deliver(
      List<String> messageIds, Function<SQSEvent, SQSBatchResponse> function) {
    Map<String, Message> got = new LinkedHashMap<>();
    long until = System.currentTimeMillis() + 20_000;
    while (got.size() < messageIds.size() && System.currentTimeMillis() < until) {
      for (Message m :
          aws.sqs()
              .receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNamesWithStrings("All"))
              .messages()) {
        got.put(m.messageId(), m);
      }
    }
    if (!got.keySet().containsAll(messageIds)) {
      throw new IllegalStateException("messages not received: " + messageIds);
    }
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String id : messageIds) {
      Message m = got.get(id);
      SQSEvent.SQSMessage rec = new SQSEvent.SQSMessage();
      rec.setMessageId(m.messageId());
      rec.setReceiptHandle(m.receiptHandle());
      rec.setBody(m.body());
      rec.setMd5OfBody(m.md5OfBody());
      Map<String, String> attrs = new HashMap<>();
      for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
        attrs.put(a.getKey().toString(), a.getValue());
      }
      rec.setAttributes(attrs);
      rec.setEventSource("aws:sqs");
      rec.setEventSourceArn("arn:aws:sqs:" + aws.region() + ":000000000000:airlock-analysis.fifo");
      rec.setAwsRegion(aws.region());
      records.add(rec);
    }
    event.setRecords(records);
    SQSBatchResponse response = function.apply(event);
    Set<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .collect(Collectors.toSet());
    for (Message m : got.values()) {
      if (!failed.contains(m.messageId())) {
        aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
    return response;
  }

  /**
   * Invokes the handler with a hand-built event of {@code (messageId, body, messageGroupId)}
   * records, for batches a FIFO queue cannot hand out at once (two messages of one group).
   */
  public SQSBatchResponse invoke(List<String[]> messages) {
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String[] m : messages) {
      SQSEvent.SQSMessage rec = new SQSEvent.SQSMessage();
      rec.setMessageId(m[0]);
      rec.setBody(m[1]);
      rec.setAttributes(Map.of("MessageGroupId", m[2]));
      rec.setEventSource("aws:sqs");
      records.add(rec);
    }
    event.setRecords(records);
    return handler.handleRequest(event, new TestLambdaContext("analyze", 300_000));
  }

  /** Enqueues and delivers jobs in one batch. */
  public SQSBatchResponse deliverJobs(AnalysisJob... jobs) {
    List<String> ids = new ArrayList<>();
    for (AnalysisJob j : jobs) {
      ids.add(enqueue(j));
    }
    return deliver(ids);
  }

  public static List<String> failures(SQSBatchResponse r) {
    return r.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .toList();
  }

  /** The job's run record (decrypted with the tenant key). */
  public Optional<RunRecord> run(AnalysisJob job) {
    return documents
        .read(job.accountId(), "run", runKey(job))
        .map(d -> RunRecord.fromJson(json.read(d.plaintext())));
  }

  /** Where the job's run record is stored. */
  public String runKey(AnalysisJob job) {
    return StateKeys.run(job.accountId(), job.idempotencyKey() + "." + analyzerSetId());
  }

  public String analyzerSetId() {
    return context
        .getBean(dev.airlock.analyze.config.AnalyzeConfiguration.class)
        .toSettings()
        .analyzerSetId();
  }

  /** A tenant document's plaintext. */
  public Optional<byte[]> read(String account, String kind, String key) {
    return documents.read(account, kind, key).map(TenantDocuments.Doc::plaintext);
  }

  /** The receipt at {@code key}, parsed. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> receipt(String account, String key) {
    return (Map<String, Object>) json.read(read(account, "receipt", key).orElseThrow());
  }

  /** Sandbox directories still present. */
  public List<Path> sandboxesLeft() {
    List<Path> left = new ArrayList<>();
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(sandboxBase, ProcessSandbox.PREFIX + "*")) {
      s.forEach(left::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return left;
  }

  /** The code host's request log lines that name {@code repo} (git fetches, token requests). */
  public List<String> hostRequestsFor(Repo repo) {
    return hostLog.stream().filter(l -> l.contains(repo.owner())).toList();
  }

  /** Audit records of {@code action} for {@code jobId}. */
  public List<AuditRecord> audits(String action, String jobId) {
    return audits.stream()
        .filter(r -> r.action().equals(action) && jobId.equals(r.ids().get("jobId")))
        .toList();
  }

  @Override
  public void close() {
    context.close();
    host.close();
  }
}
