package dev.airlock.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.TestLambdaContext;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.domain.CoveredRepository;
import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.ParsedEvent;
import io.micronaut.context.ApplicationContext;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The webhook function as Lambda runs it ({@link WebhookFunction} over a Micronaut context), wired
 * to the embedded local AWS stack: its own FIFO queue on ElasticMQ and its own bucket on S3Mock (so
 * test classes never see each other's messages or records), secrets from properties, and the real
 * JSON-lines audit log whose written records the test can read.
 */
public final class WebhookTestStack implements AutoCloseable {
  private final LocalAws aws;
  private final String queueUrl;
  private final String bucket;
  private final ApplicationContext context;
  private final WebhookFunction function;
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final StringWriter auditLines = new StringWriter();

  public WebhookTestStack(LocalAws aws, Map<String, Object> extraProperties) {
    this.aws = aws;
    Fresh fresh = fresh(aws, "webhook-it-");
    this.queueUrl = fresh.queueUrl();
    this.bucket = fresh.bucket();
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    // The webhook works in one region; without this the replica clients would exist too.
    props.remove("aws.replica-region");
    props.put("airlock.webhook.queue-url", queueUrl);
    props.put("airlock.buckets.state", bucket);
    props.put("github.webhook.secret", WebhookEvents.TEST_SECRET);
    props.put("gitlab.webhook.token", WebhookEvents.TEST_SECRET);
    props.put("bitbucket.webhook.secret", WebhookEvents.TEST_SECRET);
    props.putAll(extraProperties);
    context = ApplicationContext.builder().properties(props).build();
    context.registerSingleton(AuditLog.class, new JsonLinesAuditLog(auditLines, audit::add));
    context.start();
    function = new WebhookFunction(context);
  }

  /** A FIFO queue and a bucket of one test's own, on the local stack. */
  public record Fresh(String queueUrl, String bucket) {}

  /**
   * Creates a FIFO queue {@code <prefix><random>.fifo} and a bucket {@code <prefix><random>}, so
   * test classes never see each other's messages or records.
   */
  public static Fresh fresh(LocalAws aws, String prefix) {
    String name = prefix + HexFormat.of().formatHex(randomBytes());
    String queueUrl =
        aws.sqs()
            .createQueue(
                b ->
                    b.queueName(name + ".fifo")
                        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
            .queueUrl();
    aws.s3().createBucket(b -> b.bucket(name));
    return new Fresh(queueUrl, name);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  public ApplicationContext context() {
    return context;
  }

  /**
   * The GitHub App installation the checked-in GitHub payloads name: installation 1 of account
   * 21031067, covering repository 186853002 ({@code Codertocat/Hello-World}).
   *
   * @param appId the app the change came from, or null
   */
  public static ParsedEvent.InstallationChange fixtureInstallation(
      ParsedEvent.InstallationChange.Action action, String appId) {
    return new ParsedEvent.InstallationChange(
        action,
        "1",
        "21031067",
        appId,
        "selected",
        List.of(new CoveredRepository("186853002", "Codertocat/Hello-World")),
        List.of());
  }

  /** Installs {@link #fixtureInstallation} (app 29310) in this stack's directory. */
  public void installFixtureRepository() {
    context
        .getBean(InstallationDirectory.class)
        .apply(
            fixtureInstallation(ParsedEvent.InstallationChange.Action.CREATED, "29310"),
            Instant.now());
  }

  public String queueUrl() {
    return queueUrl;
  }

  public String bucket() {
    return bucket;
  }

  /** Invokes the function exactly as the Lambda runtime would with this event. */
  public APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
    return function.handleRequest(event, new TestLambdaContext("webhook", 15_000));
  }

  /** Builds the event through JSON and the Lambda runtime's serializer (the real translation). */
  public APIGatewayV2HTTPResponse invoke(
      String provider, Map<String, String> headers, byte[] body, boolean base64) {
    Map<String, Object> event = WebhookEvents.event(provider, headers, body, base64, "req-test");
    return invoke(LambdaEvents.read(SerdeJsonCodec.createDefault().write(event)));
  }

  /** The response body as a map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> body(APIGatewayV2HTTPResponse response) {
    String text =
        response.getIsBase64Encoded()
            ? new String(
                java.util.Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
            : response.getBody();
    return (Map<String, Object>)
        SerdeJsonCodec.createDefault().read(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Receives (and deletes) every message now on the queue, waiting up to {@code waitSeconds} for
   * the first: an empty list after a wait means nothing was enqueued.
   */
  public List<Message> drain(int waitSeconds) {
    List<Message> all = new ArrayList<>();
    while (true) {
      int wait = all.isEmpty() ? waitSeconds : 0;
      List<Message> batch =
          aws.sqs()
              .receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(wait)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (batch.isEmpty()) {
        return all;
      }
      for (Message m : batch) {
        all.add(m);
        aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }

  /** Every audit record written so far. */
  public List<AuditRecord> audit() {
    return List.copyOf(audit);
  }

  /** Every line the audit log wrote, as written. */
  public String auditText() {
    return auditLines.toString();
  }

  @Override
  public void close() {
    function.close();
    if (context.isRunning()) {
      context.close();
    }
  }
}
