package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.accounts.AccountDeletionQueueHandler;
import dev.airlock.analyze.AnalyzeHandler;
import dev.airlock.backup.BackupOperations;
import dev.airlock.billing.BillingWebhookFunction;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.emulators.codehost.LocalCodeHost;
import dev.airlock.emulators.codehost.LocalCodeHostConfig;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.emulators.stack.LocalAwsStack;
import dev.airlock.emulators.stack.LocalAwsStackConfig;
import dev.airlock.emulators.stack.LocalResources;
import dev.airlock.webhook.WebhookFunction;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded local stack: the AWS stand-ins ({@link LocalAwsStack}), the local code host, and
 * every function wired to them exactly as in AWS — webhook routes behind the API Gateway stand-in,
 * the analyze function behind the SQS event source, backups on a schedule. One JVM; {@link
 * #close()} stops everything, child processes included.
 *
 * <p>Every function writes its audit records (JSON lines) to {@code <stateDir>/logs/audit.jsonl},
 * which stands in for the functions' CloudWatch log groups.
 */
public final class LocalStack implements AutoCloseable {
  /** The GitHub App id the local code host and the functions share. */
  public static final long LOCAL_GITHUB_APP_ID = 1;

  private final LocalStackOptions options;
  private final LocalAwsStack aws;
  private final LocalCodeHost codeHost;
  private final ApiGatewayServer gateway;
  private final Writer auditWriter;
  private final AuditLog audit;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private WebhookFunction webhook;
  private SqsEventSource analyzeSource;
  private SqsEventSource accountDeletionSource;
  private ReplicationStandIn replication;
  private java.util.concurrent.ScheduledExecutorService scheduler;
  private ApplicationContext backupContext;
  private ApplicationContext webhookContext;

  private LocalStack(
      LocalStackOptions options,
      LocalAwsStack aws,
      LocalCodeHost codeHost,
      ApiGatewayServer gateway,
      Writer auditWriter) {
    this.options = options;
    this.aws = aws;
    this.codeHost = codeHost;
    this.gateway = gateway;
    this.auditWriter = auditWriter;
    this.audit = new JsonLinesAuditLog(auditWriter);
  }

  /** Starts the stand-ins, then every function; fails and cleans up if any part does not start. */
  public static LocalStack start(LocalStackOptions options) {
    keepAliveForConcurrentCallers();
    LocalAwsStack aws = null;
    LocalCodeHost codeHost = null;
    ApiGatewayServer gateway = null;
    Writer audit = null;
    try {
      Path state = options.stateDir().toAbsolutePath();
      Files.createDirectories(state.resolve("logs"));
      Files.createDirectories(options.reposDir());
      aws = LocalAwsStack.start(LocalAwsStackConfig.defaults(state, options.persistKeys()));
      codeHost =
          LocalCodeHost.start(
              LocalCodeHostConfig.builder(options.reposDir().toAbsolutePath())
                  .appId(LOCAL_GITHUB_APP_ID)
                  .build());
      gateway = ApiGatewayServer.start(options.httpPort());
      audit =
          new OutputStreamWriter(
              Files.newOutputStream(
                  state.resolve("logs/audit.jsonl"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND),
              StandardCharsets.UTF_8);
      LocalStack stack = new LocalStack(options, aws, codeHost, gateway, audit);
      stack.startFunctions();
      return stack;
    } catch (IOException e) {
      closeAll(gateway, codeHost, aws, audit);
      throw new UncheckedIOException("local stack could not start", e);
    } catch (RuntimeException e) {
      closeAll(gateway, codeHost, aws, audit);
      throw e;
    }
  }

  /**
   * In AWS each Lambda execution environment handles one request at a time; here every function's
   * concurrent requests share one JVM, and so the JDK keep-alive cache under the SDK's
   * url-connection client, which keeps at most {@code http.maxConnections} (default 5) idle
   * connections per host. With 16 concurrent webhook requests most S3 and SQS calls would then open
   * a new connection. Read once, when the JVM's first HTTP connection is made, hence set here,
   * before the stand-ins start; an explicit setting wins.
   */
  static void keepAliveForConcurrentCallers() {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
  }

  private void startFunctions() {
    webhookContext = functionContext("webhook");
    webhook = new WebhookFunction(webhookContext);
    closeables.add(webhook);
    closeables.add(webhookContext);
    ApiGatewayServer.Route route = new ApiGatewayServer.Route("airlock-webhook", 15, 1024, webhook);
    gateway.route("/webhooks/github", route);
    gateway.route("/webhooks/gitlab", route);
    gateway.route("/webhooks/bitbucket", route);

    // Stripe's fixtures and a local Stripe CLI are test mode (livemode: false); no deletion
    // grace, so a delete-on-cancel run locally completes at once (DeleteOnCancelIT covers it).
    ApplicationContext billingContext =
        functionContext(
            "billing",
            Map.of("airlock.billing.mode", "test", "airlock.billing.deletion-grace", "0s"));
    BillingWebhookFunction billing = new BillingWebhookFunction(billingContext);
    closeables.add(billing);
    closeables.add(billingContext);
    gateway.route(
        "/webhooks/stripe",
        new ApiGatewayServer.Route("airlock-billing-webhook", 15, 1024, billing));

    // checkout-and-analyze behind Lambda's SQS event source mapping (batch size as in the template)
    ApplicationContext analyzeContext = functionContext("analyze", analyzeProperties());
    AnalyzeHandler analyze = new AnalyzeHandler(analyzeContext);
    closeables.add(analyzeContext);
    String queueUrl = aws.queueUrl(LocalResources.ANALYSIS_QUEUE.logicalId());
    analyzeSource =
        new SqsEventSource(
                aws.sqs(),
                queueUrl,
                queueArn(queueUrl),
                aws.region(),
                1,
                "airlock-analyze",
                LocalResources.ANALYZE_TIMEOUT_SECONDS,
                3008,
                analyze)
            .start();
    closeables.add(analyzeSource);

    // Account deletion requested by billing (delete on cancel), behind the account-deletion queue.
    ApplicationContext accountsContext = functionContext("accounts");
    closeables.add(accountsContext);
    String deletionQueueUrl = aws.queueUrl(LocalResources.ACCOUNT_DELETION_QUEUE.logicalId());
    accountDeletionSource =
        new SqsEventSource(
                aws.sqs(),
                deletionQueueUrl,
                queueArn(deletionQueueUrl),
                aws.region(),
                1,
                "airlock-accounts-queue",
                LocalResources.ACCOUNT_DELETION_TIMEOUT_SECONDS,
                1024,
                new AccountDeletionQueueHandler(accountsContext))
            .start();
    closeables.add(accountDeletionSource);

    // S3 Cross-Region Replication of the backup bucket: no emulator performs it, so a stand-in
    // copies.
    replication =
        ReplicationStandIn.start(
            ReplicationStandIn.Config.of(
                    aws.s3(),
                    LocalResources.BACKUP_BUCKET.name(),
                    aws.s3Replica(),
                    LocalResources.REPLICA_BACKUP_BUCKET.name())
                .withReplicaSseKmsKeyId(aws.keyId(LocalResources.BACKUP_KEY.logicalId())));
    closeables.add(replication);

    // The EventBridge schedule: a snapshot every backup interval (template default: hourly).
    backupContext = functionContext("backup");
    closeables.add(backupContext);
    long every = options.backupIntervalMinutes();
    if (every > 0) {
      BackupOperations ops = backupContext.getBean(BackupOperations.class);
      scheduler =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "backup-schedule");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleAtFixedRate(
          () -> {
            try {
              ops.backup();
            } catch (RuntimeException e) {
              System.err.println("scheduled backup failed: " + e.getClass().getSimpleName());
            }
          },
          every,
          every,
          java.util.concurrent.TimeUnit.MINUTES);
    }
  }

  private String queueArn(String queueUrl) {
    return aws.sqs()
        .getQueueAttributes(
            r ->
                r.queueUrl(queueUrl)
                    .attributeNames(
                        software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
        .attributesAsStrings()
        .get("QueueArn");
  }

  /** The analyze function's view of the local code host (its GitHub App key stays in memory). */
  private Map<String, Object> analyzeProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("airlock.analyze.github.app-id", codeHost.appId());
    p.put("airlock.analyze.github.api-base-url", codeHost.apiBaseUrl().toString());
    p.put("airlock.analyze.github.git-base-url", codeHost.gitBaseUrl().toString());
    p.put(
        "airlock.analyze.github.private-key",
        pem(codeHost.appKeyPair().orElseThrow().getPrivate()));
    AnalyzersJar.find().ifPresent(j -> p.put("airlock.analyze.analyzers-classpath", j.toString()));
    // Sandboxes live in the function's temp space (java.io.tmpdir; /tmp on Lambda): the analyzer
    // runs under a per-job uid that must be able to reach its sandbox, never the state directory.
    return p;
  }

  private static String pem(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** The backup function's operations (snapshot, verify, restore, drill) on this stack. */
  public BackupOperations backupOperations() {
    return backupContext.getBean(BackupOperations.class);
  }

  public ReplicationStandIn replication() {
    return replication;
  }

  public SqsEventSource analyzeEventSource() {
    return analyzeSource;
  }

  /** The event source feeding the account-deletion queue to the accounts function. */
  public SqsEventSource accountDeletionEventSource() {
    return accountDeletionSource;
  }

  /**
   * A started Micronaut context for one function, configured like its Lambda: the stand-ins'
   * endpoints, resource names, the shared audit sink, plus the options' extra properties.
   */
  ApplicationContext functionContext(String function) {
    return functionContext(function, Map.of());
  }

  ApplicationContext functionContext(String function, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(sharedFunctionProperties());
    props.put("airlock.function", function);
    props.putAll(extra);
    props.putAll(options.functionProperties());
    ApplicationContext ctx = ApplicationContext.builder().properties(props).build();
    ctx.registerSingleton(AuditLog.class, audit);
    ctx.start();
    return ctx;
  }

  /**
   * The webhook function as Lambda would invoke it (for direct invocation and operator commands).
   */
  public WebhookFunction webhookFunction() {
    return webhook;
  }

  /** The webhook function's application context (its domain beans). */
  public ApplicationContext webhookContext() {
    return webhookContext;
  }

  /**
   * Configuration every function gets locally (endpoints, resource names, metrics as EMF lines on
   * stdout instead of CloudWatch); never a secret, so it is also written to the endpoints file.
   */
  public Map<String, Object> sharedFunctionProperties() {
    Map<String, Object> props = new HashMap<>(aws.functionProperties());
    props.put("airlock.webhook.queue-url", aws.queueUrl("AnalysisQueue"));
    props.put("airlock.metrics.publisher", "emf");
    props.put(
        "airlock.keys.backup-replica",
        aws.keyArns()
            .get(LocalResources.BACKUP_KEY.logicalId())
            .replace(":" + aws.region() + ":", ":" + aws.replicaRegion() + ":"));
    return props;
  }

  public LocalAwsStack aws() {
    return aws;
  }

  public LocalCodeHost codeHost() {
    return codeHost;
  }

  public ApiGatewayServer gateway() {
    return gateway;
  }

  /** The bare repositories the local code host serves. */
  public Path reposDir() {
    return options.reposDir().toAbsolutePath();
  }

  public Path auditLogFile() {
    return options.stateDir().toAbsolutePath().resolve("logs/audit.jsonl");
  }

  /** The endpoints JSON that {@code serve} prints and other subcommands read back. */
  public ObjectNode endpoints(ObjectMapper json) {
    ObjectNode e = json.createObjectNode();
    e.put("http", gateway.baseUrl().toString());
    e.put("region", aws.region());
    e.put("replicaRegion", aws.replicaRegion());
    e.put("sqs", aws.sqsEndpoint().toString());
    e.put("s3", aws.s3Endpoint().toString());
    e.put("s3Replica", aws.s3ReplicaEndpoint().toString());
    e.put("kms", aws.kmsEndpoint().toString());
    ObjectNode queues = e.putObject("queues");
    aws.queueUrls().forEach(queues::put);
    ObjectNode buckets = e.putObject("buckets");
    aws.bucketNames().forEach(buckets::put);
    ObjectNode keys = e.putObject("keys");
    aws.keyArns().forEach(keys::put);
    ObjectNode code = e.putObject("codeHost");
    code.put("git", codeHost.gitBaseUrl().toString());
    code.put("api", codeHost.apiBaseUrl().toString());
    code.put("appId", codeHost.appId());
    e.put("stateDir", options.stateDir().toAbsolutePath().toString());
    e.put("reposDir", options.reposDir().toAbsolutePath().toString());
    e.put("auditLog", auditLogFile().toString());
    // What every function is configured with (endpoints and resource names, never secrets), so that
    // operator commands in another JVM build the same domain objects against this stack.
    ObjectNode fp = e.putObject("functionProperties");
    sharedFunctionProperties().forEach((k, v) -> fp.put(k, String.valueOf(v)));
    return e;
  }

  private static void closeAll(AutoCloseable... cs) {
    for (AutoCloseable c : cs) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // stopping: best effort
        }
      }
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeAll(closeables.get(i));
    }
    closeAll(gateway, codeHost, aws);
    try {
      auditWriter.flush();
    } catch (IOException ignored) {
      // stopping
    }
    closeAll(auditWriter);
  }
}
