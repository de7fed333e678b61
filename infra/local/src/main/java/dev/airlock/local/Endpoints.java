package dev.airlock.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.emulators.stack.LocalClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The endpoints a running {@code serve} wrote (its {@code --endpoints-file}), read back by the
 * operator commands so that they act on that stack with ordinary SDK clients.
 */
record Endpoints(JsonNode json) {

  static Endpoints read(Path file) {
    try {
      String text = Files.readString(file).trim();
      int nl = text.indexOf('\n');
      return new Endpoints(new ObjectMapper().readTree(nl < 0 ? text : text.substring(0, nl)));
    } catch (IOException e) {
      throw new Args.UsageException("cannot read endpoints file " + file + ": " + e.getMessage());
    }
  }

  String get(String field) {
    JsonNode n = json.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalStateException("endpoints file has no " + field);
    }
    return n.asText();
  }

  String region() {
    return get("region");
  }

  String replicaRegion() {
    return get("replicaRegion");
  }

  String bucket(String logicalId) {
    return json.path("buckets").path(logicalId).asText();
  }

  String queue(String logicalId) {
    return json.path("queues").path(logicalId).asText();
  }

  String key(String logicalId) {
    return json.path("keys").path(logicalId).asText();
  }

  S3Client s3() {
    return LocalClients.s3(URI.create(get("s3")), region());
  }

  S3Client s3Replica() {
    return LocalClients.s3(URI.create(get("s3Replica")), replicaRegion());
  }

  KmsClient kms() {
    return LocalClients.kms(URI.create(get("kms")), region());
  }

  KmsClient kmsReplica() {
    return LocalClients.kms(URI.create(get("kms")), replicaRegion());
  }

  SqsClient sqs() {
    return LocalClients.sqs(URI.create(get("sqs")), region());
  }

  /**
   * A started context of {@code function} configured like the running stack's copy of it (same
   * endpoints and resource names; the properties {@code serve} wrote, never secrets).
   */
  io.micronaut.context.ApplicationContext functionContext(String function) {
    java.util.Map<String, Object> props = new java.util.HashMap<>();
    json.path("functionProperties")
        .fields()
        .forEachRemaining(f -> props.put(f.getKey(), f.getValue().asText()));
    props.put("airlock.function", function);
    io.micronaut.context.ApplicationContext ctx =
        io.micronaut.context.ApplicationContext.builder().properties(props).build();
    // Operator commands audit into the running stack's audit log, like its functions do.
    ctx.registerSingleton(dev.airlock.core.audit.AuditLog.class, auditLog());
    return ctx.start();
  }

  dev.airlock.core.audit.AuditLog auditLog() {
    String path = json.path("auditLog").asText("");
    if (path.isEmpty()) {
      return new dev.airlock.core.audit.JsonLinesAuditLog(System.err);
    }
    try {
      java.io.Writer w =
          java.nio.file.Files.newBufferedWriter(
              Path.of(path),
              java.nio.charset.StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
      return new dev.airlock.core.audit.JsonLinesAuditLog(w);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the audit log " + path, e);
    }
  }

  /** The bare id of a service key (what S3Mock accepts for SSE-KMS). */
  String keyId(String logicalId) {
    String arn = key(logicalId);
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
