package dev.airlock.benchmarks.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Stats;
import dev.airlock.benchmarks.harness.Target;
import dev.airlock.local.ApiGatewayServer;
import dev.airlock.local.LocalStack;
import dev.airlock.local.LocalStackOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Figure 4: the webhook end to end on the local stack (API Gateway stand-in → webhook function →
 * state-store read on S3Mock → FIFO send on ElasticMQ → audit line), 16 concurrent clients posting
 * the signed {@code github-pull-request-opened} event with a fresh delivery id each, ÷ the same
 * server answering a no-op route registered for the benchmark. Loopback only; every phase is
 * bounded in requests and time. Afterwards the queues are drained: every 202 must be a message on a
 * queue (zero requests lost), and no message may be there that was not answered 202.
 */
public final class EndToEndFigure implements Figure {
  static final int CLIENTS = 16;
  static final String NOOP_PATH = "/benchmarks/noop";
  static final String QUEUE_ONLY_PATH = "/benchmarks/queue-only";
  static final String QUEUE_ONLY_QUEUE = "benchmarks-queue-only.fifo";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String id() {
    return "4";
  }

  @Override
  public String title() {
    return "Webhook end to end, local HTTP server, 16 clients";
  }

  @Override
  public String floorDescription() {
    return "the same ApiGatewayServer answering a no-op route (same event translation, handler"
        + " returns 202), same clients";
  }

  @Override
  public Target target() {
    return Target.atLeast(0.5);
  }

  /** One load phase's outcome. */
  record Phase(
      int requests,
      int accepted,
      int errors,
      Map<String, Integer> errorKinds,
      double seconds,
      long[] latencyMicros,
      Set<String> jobIds) {
    double perSecond() {
      return accepted / seconds;
    }
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    Path s3mock = ctx.repoRoot().resolve("infra/local/target/s3mock/s3mock-exec.jar");
    if (!Files.isRegularFile(s3mock)) {
      return List.of(
          Result.notMeasured(
              id(),
              title(),
              target(),
              "build first: ./mvnw -B -q -pl benchmarks -am package -DskipTests"));
    }
    System.setProperty("airlock.s3mock.jar", s3mock.toString());
    JsonNode event =
        JSON.readTree(
            ctx.repoRoot().resolve("events/webhook/github-pull-request-opened.json").toFile());
    byte[] body = event.path("body").asText().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h :
        List.of(
            "content-type",
            "user-agent",
            "x-github-event",
            "x-github-hook-id",
            "x-hub-signature-256")) {
      headers.put(h, event.path("headers").path(h).asText());
    }
    Path state = ctx.workDir().resolve("stack");
    ctx.progress("figure 4: starting the local stack");
    Map<String, Object> props = new HashMap<>();
    props.put("github.webhook.secret", Bodies.TEST_SECRET);
    try (LocalStack stack =
        LocalStack.start(new LocalStackOptions(0, state, state.resolve("repos"), false, props))) {
      WebhookFixtures.seedInstallation(stack.aws());
      // The figure counts the accepted jobs on the queue, so nothing may consume them meanwhile.
      // The local analyze consumer also distorts the emulator: its long poll waits on a FIFO group
      // it cannot receive from, and ElasticMQ re-sorts the whole queue for that waiting receiver on
      // every send, so each SendMessage gets slower as the queue fills (seen in JFR as TimSort in
      // QueueActorWaitForMessagesOps), which real SQS does not do.
      stack.analyzeEventSource().close();
      stack
          .gateway()
          .route(
              NOOP_PATH,
              new ApiGatewayServer.Route(
                  "noop",
                  15,
                  1024,
                  (e, c) -> {
                    APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
                    r.setStatusCode(202);
                    r.setHeaders(Map.of("Content-Type", "application/json"));
                    r.setBody("{\"status\":\"accepted\"}");
                    return r;
                  }));
      // Reference, not the floor: the same server whose handler makes only the webhook's FIFO send,
      // to show how much of the webhook's time is the queue stand-in's. Its own FIFO queue, warmed
      // like the webhook's: ElasticMQ appends each deduplication id to an immutable list (a copy
      // per send, O(ids of the last 5 minutes)), so sending after the webhook's messages into the
      // same queue made every reference send dearer than the webhook's and understated the cap.
      String queueUrl =
          stack
              .aws()
              .sqs()
              .createQueue(
                  r ->
                      r.queueName(QUEUE_ONLY_QUEUE)
                          .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
              .queueUrl();
      stack
          .gateway()
          .route(
              QUEUE_ONLY_PATH,
              new ApiGatewayServer.Route(
                  "queue-only",
                  15,
                  1024,
                  (e, c) -> {
                    String id = UUID.randomUUID().toString();
                    stack
                        .aws()
                        .sqs()
                        .sendMessage(
                            r ->
                                r.queueUrl(queueUrl)
                                    .messageGroupId("Codertocat/Hello-World")
                                    .messageDeduplicationId(id)
                                    .messageBody("{\"jobId\":\"" + id + "\"}"));
                    APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
                    r.setStatusCode(202);
                    r.setBody("{\"jobId\":\"" + id + "\"}");
                    return r;
                  }));
      URI queueOnly = URI.create(stack.gateway().baseUrl() + QUEUE_ONLY_PATH);
      URI webhook = URI.create(stack.gateway().baseUrl() + "/webhooks/github");
      URI noop = URI.create(stack.gateway().baseUrl() + NOOP_PATH);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Duration warm = Duration.ofSeconds(ctx.quick() ? 2 : 5);
      Duration measure = Duration.ofSeconds(ctx.quick() ? 4 : 15);
      int cap = ctx.quick() ? 5_000 : 50_000;

      ctx.progress("figure 4: warm-up");
      Set<String> allAccepted = ConcurrentHashMap.newKeySet();
      load(http, noop, body, headers, warm, cap);
      allAccepted.addAll(load(http, webhook, body, headers, warm, cap).jobIds());
      allAccepted.addAll(load(http, queueOnly, body, headers, warm, cap).jobIds());
      ctx.progress(
          "figure 4: measuring no-op route, then webhook, " + measure.toSeconds() + " s each");
      Cpu cpu0 = Cpu.now();
      Phase floor = load(http, noop, body, headers, measure, cap);
      Cpu cpu1 = Cpu.now();
      Phase fig = load(http, webhook, body, headers, measure, cap);
      Cpu cpu2 = Cpu.now();
      allAccepted.addAll(fig.jobIds());
      Phase queueRef = load(http, queueOnly, body, headers, measure, cap);
      Cpu cpu3 = Cpu.now();
      allAccepted.addAll(queueRef.jobIds());

      ctx.progress("figure 4: draining the analysis queue");
      Set<String> onQueue = drain(stack, stack.aws().queueUrl("AnalysisQueue"));
      onQueue.addAll(drain(stack, queueUrl));
      Set<String> lost = new HashSet<>(allAccepted);
      lost.removeAll(onQueue);
      Set<String> unexpected = new HashSet<>(onQueue);
      unexpected.removeAll(allAccepted);

      String failure = null;
      if (!lost.isEmpty()) {
        failure = lost.size() + " accepted requests missing from the queue";
      } else if (!unexpected.isEmpty()) {
        failure = unexpected.size() + " messages on the queue that no 202 announced";
      } else if (fig.errors() > 0 || floor.errors() > 0) {
        failure = (fig.errors() + floor.errors()) + " requests not answered 202";
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("clients", CLIENTS);
      details.put("measureSeconds", measure.toSeconds());
      details.put("webhookRequests", fig.requests());
      details.put("webhookAccepted", fig.accepted());
      details.put("webhookErrors", fig.errors());
      details.put("webhookErrorKinds", fig.errorKinds());
      details.put(
          "webhookP50Millis",
          fig.latencyMicros().length == 0 ? 0 : Stats.percentile(fig.latencyMicros(), 50) / 1000.0);
      details.put(
          "webhookP99Millis",
          fig.latencyMicros().length == 0 ? 0 : Stats.percentile(fig.latencyMicros(), 99) / 1000.0);
      details.put("noopRequests", floor.requests());
      details.put("noopErrors", floor.errors());
      details.put("noopErrorKinds", floor.errorKinds());
      details.put(
          "noopP50Millis",
          floor.latencyMicros().length == 0
              ? 0
              : Stats.percentile(floor.latencyMicros(), 50) / 1000.0);
      details.put(
          "noopP99Millis",
          floor.latencyMicros().length == 0
              ? 0
              : Stats.percentile(floor.latencyMicros(), 99) / 1000.0);
      details.put("queueOnlyReqPerSec", Math.round(queueRef.perSecond() * 10) / 10.0);
      details.put(
          "queueOnlyP50Millis",
          queueRef.latencyMicros().length == 0
              ? 0
              : Stats.percentile(queueRef.latencyMicros(), 50) / 1000.0);
      details.put("acceptedIncludingWarmup", allAccepted.size());
      details.put("messagesOnQueue", onQueue.size());
      details.put("lost", lost.size());
      details.put("bodyBytes", body.length);
      // Where the CPU goes per accepted request: this JVM (clients, API Gateway stand-in, the
      // functions, ElasticMQ) and the child processes (the two S3Mock JVMs).
      details.put("noopCpuMillisPerRequest", cpu1.minus(cpu0).perRequest(floor.accepted()));
      details.put("webhookCpuMillisPerRequest", cpu2.minus(cpu1).perRequest(fig.accepted()));
      details.put("queueOnlyCpuMillisPerRequest", cpu3.minus(cpu2).perRequest(queueRef.accepted()));
      details.put("cpus", Runtime.getRuntime().availableProcessors());
      details.put(
          "httpMaxConnections", System.getProperty("http.maxConnections", "5 (JDK default)"));
      return List.of(
          Result.measured(
              id(),
              "accepted req/s (p50/p99 in details)",
              new Measurement(fig.perSecond(), "req/s"),
              new Measurement(floor.perSecond(), "req/s"),
              target(),
              failure,
              details));
    }
  }

  /**
   * {@link #CLIENTS} threads post until {@code duration} has passed or {@code cap} requests have
   * been sent, each with a fresh delivery id.
   */
  static Phase load(
      HttpClient http,
      URI uri,
      byte[] body,
      Map<String, String> headers,
      Duration duration,
      int cap)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
    Set<String> jobIds = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < CLIENTS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  long[] lat = new long[1024];
                  int n = 0;
                  while (System.nanoTime() < deadline && sent.incrementAndGet() <= cap) {
                    HttpRequest.Builder b =
                        HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                    headers.forEach(b::header);
                    b.header("X-GitHub-Delivery", UUID.randomUUID().toString());
                    long t0 = System.nanoTime();
                    HttpResponse<String> r;
                    try {
                      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                      errors.incrementAndGet();
                      kinds
                          .computeIfAbsent(errorKind(e), k -> new AtomicInteger())
                          .incrementAndGet();
                      continue;
                    }
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (r.statusCode() != 202) {
                      errors.incrementAndGet();
                      kinds
                          .computeIfAbsent("HTTP " + r.statusCode(), k -> new AtomicInteger())
                          .incrementAndGet();
                      continue;
                    }
                    String jobId = JSON.readTree(r.body()).path("jobId").asText("");
                    if (!jobId.isEmpty()) {
                      jobIds.add(jobId);
                    }
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = micros;
                  }
                  return Arrays.copyOf(lat, n);
                }));
      }
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> f : futures) {
        all.add(f.get());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      Map<String, Integer> errorKinds = new TreeMap<>();
      kinds.forEach((k, v) -> errorKinds.put(k, v.get()));
      return new Phase(
          Math.min(sent.get(), cap),
          merged.length,
          errors.get(),
          errorKinds,
          seconds,
          merged,
          jobIds);
    } finally {
      pool.shutdownNow();
    }
  }

  /** CPU time used so far by this JVM and by its child processes, in milliseconds. */
  record Cpu(double selfMillis, double childrenMillis) {
    static Cpu now() {
      double self =
          ((com.sun.management.OperatingSystemMXBean)
                      java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime()
              / 1e6;
      double children =
          ProcessHandle.current().descendants().mapToDouble(p -> procCpuMillis(p.pid())).sum();
      return new Cpu(self, children);
    }

    Cpu minus(Cpu before) {
      return new Cpu(selfMillis - before.selfMillis, childrenMillis - before.childrenMillis);
    }

    Map<String, Object> perRequest(int requests) {
      Map<String, Object> m = new LinkedHashMap<>();
      int n = Math.max(1, requests);
      m.put("harnessJvm", Math.round(selfMillis / n * 1000) / 1000.0);
      m.put("childProcesses", Math.round(childrenMillis / n * 1000) / 1000.0);
      return m;
    }

    /** utime + stime of a live process from /proc (clock ticks of 10 ms); 0 if unreadable. */
    private static double procCpuMillis(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }

  /** Receives and deletes every message of the queue at {@code url}; returns their job ids. */
  private static Set<String> drain(LocalStack stack, String url) throws IOException {
    Set<String> ids = new HashSet<>();
    int empty = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (empty < 3 && System.nanoTime() < deadline) {
      List<Message> ms =
          stack
              .aws()
              .sqs()
              .receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      if (ms.isEmpty()) {
        empty++;
        continue;
      }
      empty = 0;
      List<DeleteMessageBatchRequestEntry> del = new ArrayList<>();
      for (Message m : ms) {
        ids.add(JSON.readTree(m.body()).path("jobId").asText());
        del.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(del.size()))
                .receiptHandle(m.receiptHandle())
                .build());
      }
      stack.aws().sqs().deleteMessageBatch(r -> r.queueUrl(url).entries(del));
    }
    return ids;
  }

  /**
   * What a request that got no answer ran into: the exception's class and, for the JDK client's
   * unnamed I/O failures, its message (e.g. a connection the server closed as it was reused).
   */
  static String errorKind(IOException e) {
    Throwable t = e;
    StringBuilder kind = new StringBuilder(e.getClass().getSimpleName());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      kind.append(" <- ").append(t.getClass().getSimpleName());
    }
    String message = e.getMessage();
    if (message != null && !message.isBlank()) {
      kind.append(": ").append(message.length() > 80 ? message.substring(0, 80) : message);
    }
    return kind.toString();
  }
}
