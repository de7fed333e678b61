package dev.airlock.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checked-in API Gateway HTTP API (payload 2.0) events in {@code events/webhook/}: each wraps
 * one real fixture payload from {@code ../shared/fixtures/webhooks/}, signed with {@link
 * #TEST_SECRET}. This class is the one place that knows how they are made; {@code EventFilesTest}
 * recomputes every file from it (and rewrites them with {@code -Dairlock.events.regenerate=true}),
 * so the files cannot silently rot.
 */
public final class WebhookEvents {
  private WebhookEvents() {}

  /** The documented TEST secret (GitHub, Bitbucket HMAC key; GitLab token). Never a real one. */
  public static final String TEST_SECRET = "airlock-events-test-secret";

  /** One event file: which fixture, which route and event type, whether the body is base64. */
  public record Spec(
      String file, String provider, String fixture, String eventType, boolean base64) {

    public Path path() {
      return eventsDir().resolve(file);
    }

    /** Delivery ids are stable per file so regeneration does not churn them. */
    public String deliveryId() {
      return UUID.nameUUIDFromBytes(("airlock-events:" + file).getBytes(StandardCharsets.UTF_8))
          .toString();
    }

    public byte[] payload() {
      return Fixtures.webhook(fixture);
    }
  }

  public static final List<Spec> SPECS =
      List.of(
          new Spec("github-ping.json", "github", "github/ping/payload.json", "ping", false),
          new Spec(
              "github-ping-with-app-id.json",
              "github",
              "github/ping/with-app_id.payload.json",
              "ping",
              false),
          new Spec(
              "github-push-tag-deleted.json", "github", "github/push/payload.json", "push", false),
          new Spec(
              "github-push-with-installation-tag-deleted.json",
              "github",
              "github/push/with-installation.payload.json",
              "push",
              false),
          new Spec(
              "github-pull-request-opened.json",
              "github",
              "github/pull_request/opened.payload.json",
              "pull_request",
              false),
          new Spec(
              "github-pull-request-opened-base64.json",
              "github",
              "github/pull_request/opened.payload.json",
              "pull_request",
              true),
          new Spec(
              "github-pull-request-synchronize.json",
              "github",
              "github/pull_request/synchronize.payload.json",
              "pull_request",
              false),
          new Spec(
              "github-pull-request-closed.json",
              "github",
              "github/pull_request/closed.payload.json",
              "pull_request",
              false),
          new Spec(
              "github-installation-created.json",
              "github",
              "github/installation/created.payload.json",
              "installation",
              false),
          new Spec(
              "github-installation-deleted.json",
              "github",
              "github/installation/deleted.payload.json",
              "installation",
              false),
          new Spec(
              "github-installation-repositories-added.json",
              "github",
              "github/installation_repositories/added.payload.json",
              "installation_repositories",
              false),
          new Spec(
              "github-installation-repositories-removed.json",
              "github",
              "github/installation_repositories/removed.payload.json",
              "installation_repositories",
              false),
          new Spec("gitlab-push.json", "gitlab", "gitlab/push.json", "Push Hook", false),
          new Spec(
              "gitlab-merge-request.json",
              "gitlab",
              "gitlab/merge_request.json",
              "Merge Request Hook",
              false),
          new Spec(
              "gitlab-tag-push.json", "gitlab", "gitlab/tag_push.json", "Tag Push Hook", false),
          new Spec(
              "bitbucket-repo-push.json",
              "bitbucket",
              "bitbucket/repo-push.json",
              "repo:push",
              false),
          new Spec(
              "bitbucket-pull-request-created.json",
              "bitbucket",
              "bitbucket/pull-request-created.json",
              "pullrequest:created",
              false));

  /** {@code events/webhook/} in the repository. */
  public static Path eventsDir() {
    String root = System.getProperty("airlock.repo.root");
    if (root == null) {
      throw new IllegalStateException("system property airlock.repo.root is not set");
    }
    return Path.of(root, "events", "webhook");
  }

  /** The headers the host would send (lower-cased, as API Gateway delivers them). */
  public static Map<String, String> headers(Spec spec) {
    byte[] body = spec.payload();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    h.put("content-length", Integer.toString(body.length));
    switch (spec.provider()) {
      case "github" -> {
        h.put("user-agent", "GitHub-Hookshot/044aadd");
        h.put("x-github-event", spec.eventType());
        h.put("x-github-delivery", spec.deliveryId());
        h.put("x-github-hook-id", "109948940");
        h.put("x-github-hook-installation-target-type", "integration");
        h.put("x-github-hook-installation-target-id", "29310");
        h.put("x-hub-signature-256", Signing.hubSignature(TEST_SECRET, body));
      }
      case "gitlab" -> {
        h.put("user-agent", "GitLab/17.5.0");
        h.put("x-gitlab-event", spec.eventType());
        h.put("x-gitlab-event-uuid", spec.deliveryId());
        h.put("idempotency-key", spec.deliveryId());
        h.put("x-gitlab-instance", "https://gitlab.example.com");
        h.put("x-gitlab-token", TEST_SECRET);
      }
      case "bitbucket" -> {
        h.put("user-agent", "Bitbucket-Webhooks/2.0");
        h.put("x-event-key", spec.eventType());
        h.put("x-request-uuid", spec.deliveryId());
        h.put("x-hook-uuid", "cb3f6d5e-3c1a-4b6e-9a51-0d6f1f0f2c11");
        h.put("x-attempt-number", "1");
        h.put("x-hub-signature", Signing.hubSignature(TEST_SECRET, body));
      }
      default -> throw new IllegalArgumentException("unknown provider");
    }
    return h;
  }

  /** The event as API Gateway would pass it to the function. */
  public static Map<String, Object> event(Spec spec) {
    return event(
        spec.provider(),
        headers(spec),
        spec.payload(),
        spec.base64(),
        "req-" + spec.deliveryId().substring(0, 8));
  }

  /**
   * An API Gateway HTTP API (payload 2.0) event for {@code POST /webhooks/<provider>}: the body as
   * text (UTF-8) or base64, as API Gateway passes it.
   */
  public static Map<String, Object> event(
      String provider, Map<String, String> headers, byte[] body, boolean base64, String requestId) {
    String path = "/webhooks/" + provider;
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", "POST");
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "192.0.2.10");
    http.put("userAgent", headers.getOrDefault("user-agent", "test"));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "123456789012");
    context.put("apiId", "abcdef1234");
    context.put("domainName", "abcdef1234.execute-api.eu-west-1.amazonaws.com");
    context.put("domainPrefix", "abcdef1234");
    context.put("http", http);
    context.put("requestId", requestId);
    context.put("routeKey", "POST " + path);
    context.put("stage", "$default");
    context.put("time", "01/Jan/2026:00:00:00 +0000");
    context.put("timeEpoch", 1767225600000L);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "POST " + path);
    event.put("rawPath", path);
    event.put("rawQueryString", "");
    event.put("headers", headers);
    event.put("requestContext", context);
    event.put(
        "body",
        base64
            ? Base64.getEncoder().encodeToString(body)
            : new String(body, StandardCharsets.UTF_8));
    event.put("isBase64Encoded", base64);
    return event;
  }

  /** Writes every event file. */
  public static void writeAll() {
    try {
      Files.createDirectories(eventsDir());
      for (Spec spec : SPECS) {
        Files.writeString(spec.path(), pretty(event(spec), "") + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two-space indented JSON, so the checked-in files are readable and diff well. */
  static String pretty(Object value, String indent) {
    if (value instanceof Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      String inner = indent + "  ";
      map.forEach((k, v) -> parts.add(inner + quote(k.toString()) + ": " + pretty(v, inner)));
      return parts.isEmpty() ? "{}" : "{\n" + String.join(",\n", parts) + "\n" + indent + "}";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    return String.valueOf(value);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
