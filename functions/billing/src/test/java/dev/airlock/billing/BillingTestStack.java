package dev.airlock.billing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.billing.adapter.AliasTenantKeys;
import dev.airlock.billing.port.BillingLedger;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The billing function as Lambda runs it ({@link BillingWebhookFunction} over a Micronaut context),
 * wired to the embedded local AWS stack: its own versioned bucket on S3Mock (so test classes never
 * see each other's objects), tenant keys on the local KMS, the signing secret from a property, the
 * real JSON-lines audit log, and every log event captured for scanning.
 */
public final class BillingTestStack implements AutoCloseable {

  /** How to build one stack. */
  public record Options(
      boolean withSecret,
      Clock clock,
      UnaryOperator<StateStore> storeDecorator,
      Map<String, Object> properties) {
    public static Options defaults() {
      return new Options(true, null, null, Map.of());
    }

    public Options clock(Clock c) {
      return new Options(withSecret, c, storeDecorator, properties);
    }

    public Options noSecret() {
      return new Options(false, clock, storeDecorator, properties);
    }

    public Options decorateStore(UnaryOperator<StateStore> decorator) {
      return new Options(withSecret, clock, decorator, properties);
    }

    /** One more configuration property of the function (overrides the stack's). */
    public Options property(String name, Object value) {
      Map<String, Object> p = new HashMap<>(properties);
      p.put(name, value);
      return new Options(withSecret, clock, storeDecorator, Map.copyOf(p));
    }
  }

  /** A response: status and parsed JSON body. */
  public record Response(int status, Map<String, Object> body, String raw) {
    public Object get(String field) {
      return body.get(field);
    }
  }

  private final LocalAws aws;
  private final String bucket;
  private final ApplicationContext context;
  private final BillingWebhookFunction function;
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final StringWriter auditLines = new StringWriter();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Clock clock;

  public BillingTestStack(LocalAws aws, Options options) {
    this.aws = aws;
    this.clock = options.clock() == null ? Clock.systemUTC() : options.clock();
    this.bucket = "billing-it-" + HexFormat.of().formatHex(random(6));
    aws.s3().createBucket(b -> b.bucket(bucket));
    aws.s3()
        .putBucketVersioning(
            b ->
                b.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    logs.start();
    root.addAppender(logs);

    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    props.put("airlock.buckets.state", bucket);
    // The events are built from Stripe's fixtures, which are all test mode (livemode: false).
    props.put("airlock.billing.mode", "test");
    if (options.withSecret()) {
      props.put("stripe.webhook.secret", StripeEvents.TEST_SECRET);
    }
    props.putAll(options.properties());
    context = ApplicationContext.builder().properties(props).build();
    AuditLog auditLog = new JsonLinesAuditLog(auditLines, audit::add);
    context.registerSingleton(AuditLog.class, auditLog);
    if (options.clock() != null) {
      context.registerSingleton(Clock.class, options.clock());
    }
    if (options.storeDecorator() != null) {
      StateStore s3 = new S3StateStore(aws.s3(), bucket, aws.keyId("StateKey"));
      context.registerSingleton(
          StateStore.class, new GuardedStateStore(options.storeDecorator().apply(s3), auditLog));
    }
    context.start();
    function = new BillingWebhookFunction(context);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /** A fresh account id with its tenant key (as the webhook creates it on enrollment). */
  public String newAccount() {
    return account("acct-" + HexFormat.of().formatHex(random(5)));
  }

  /** Ensures the tenant key of {@code accountId} exists on the local KMS. */
  public String account(String accountId) {
    String keyId =
        aws.kms().createKey(b -> b.description("tenant key (test)")).keyMetadata().keyId();
    try {
      aws.kms().createAlias(b -> b.aliasName(TenantKeys.aliasFor(accountId)).targetKeyId(keyId));
    } catch (AlreadyExistsException e) {
      // Another test class in this JVM created it: same account, same key, fine.
    }
    return accountId;
  }

  public ApplicationContext context() {
    return context;
  }

  public String bucket() {
    return bucket;
  }

  public Clock clock() {
    return clock;
  }

  /** Invokes the function exactly as the Lambda runtime would with this event. */
  public Response invoke(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse r =
        function.handleRequest(event, new TestLambdaContext("billing", 15_000));
    String text =
        r.getIsBase64Encoded()
            ? new String(Base64.getDecoder().decode(r.getBody()), StandardCharsets.UTF_8)
            : r.getBody();
    @SuppressWarnings("unchecked")
    Map<String, Object> body = Json.read(text, Map.class);
    return new Response(r.getStatusCode(), body, text);
  }

  /** Builds the event through JSON and the Lambda runtime's serializer (the real translation). */
  public Response invoke(Map<String, String> headers, byte[] body, boolean base64) {
    Map<String, Object> event =
        StripeEvents.apiGatewayEvent(headers, body, base64, "req-" + System.nanoTime());
    return invoke(LambdaEvents.read(JsonText.pretty(event)));
  }

  /** Sends {@code payload} signed now (by this stack's clock) with the test secret. */
  public Response send(String payload) {
    long now = clock.instant().getEpochSecond();
    return invoke(
        StripeEvents.headers(StripeSigning.header(StripeEvents.TEST_SECRET, now, payload), payload),
        payload.getBytes(StandardCharsets.UTF_8),
        false);
  }

  /** Sends an event of {@code type} around {@code object}, signed now. */
  public Response send(String eventId, String type, long created, Map<String, Object> object) {
    return send(JsonText.pretty(StripeEvents.envelope(eventId, type, created, object)));
  }

  /** The account's billing document, decrypted. */
  public Optional<BillingDocument> billing(String accountId) {
    return context.getBean(BillingLedger.class).read(accountId);
  }

  /** Every object version in the bucket: key → version ids, in order. */
  public Map<String, List<String>> versions() {
    Map<String, List<String>> all = new TreeMap<>();
    String keyMarker = null;
    String versionMarker = null;
    while (true) {
      final String km = keyMarker;
      final String vm = versionMarker;
      ListObjectVersionsResponse page =
          aws.s3().listObjectVersions(r -> r.bucket(bucket).keyMarker(km).versionIdMarker(vm));
      for (ObjectVersion v : page.versions()) {
        all.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v.versionId());
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return all;
      }
      keyMarker = page.nextKeyMarker();
      versionMarker = page.nextVersionIdMarker();
    }
  }

  /** The current bytes of {@code key}. */
  public byte[] object(String key) {
    return aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  /** Opens tenant envelopes (by the context their header names); empty for anything else. */
  public Function<byte[], Optional<byte[]>> decryptor() {
    TenantVault vault =
        new TenantVault(context.getBean(DataKeyProvider.class), new AliasTenantKeys());
    return bytes -> {
      if (!EnvelopeCipher.looksLikeEnvelope(bytes)) {
        return Optional.empty();
      }
      Map<String, String> ctx = EnvelopeCipher.contextOf(bytes);
      return Optional.of(
          vault.open(
              ctx.get("airlock:account"), ctx.get("airlock:kind"), ctx.get("airlock:key"), bytes));
    };
  }

  /** Every audit record written so far. */
  public List<AuditRecord> audit() {
    return List.copyOf(audit);
  }

  /** Every line the audit log wrote, as written. */
  public String auditText() {
    return auditLines.toString();
  }

  /** Every log event captured so far (message, arguments, stack traces). */
  public String logText() {
    StringBuilder b = new StringBuilder();
    for (ILoggingEvent e : List.copyOf(logs.list)) {
      b.append(e.getLevel())
          .append(' ')
          .append(e.getLoggerName())
          .append(' ')
          .append(e.getFormattedMessage())
          .append('\n');
      if (e.getThrowableProxy() != null) {
        b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    function.close();
    if (context.isRunning()) {
      context.close();
    }
  }
}
