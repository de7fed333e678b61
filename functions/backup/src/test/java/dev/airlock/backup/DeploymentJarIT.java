package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.Fixtures;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.testkit.PrimingConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The artifact SAM deploys for the backup, restore-drill and restore functions ({@code
 * target/backup-lambda.jar}) works on its own, with the Micronaut registrations its shade filter
 * leaves out (HTTP, scheduling, the introspections of Lambda event types other than {@code
 * ScheduledEvent}: a cold-start cost, benchmarks/README.md figure 1). In a class loader that sees
 * nothing but the jar and the JDK, the runtime's {@code CustomPojoSerializer} (found through the
 * jar's {@code META-INF/services}, as Lambda's runtime finds it) reads the checked-in events; on
 * the context Lambda builds, the backup handler takes a snapshot that replicates, the restore
 * handler restores it from the replica, the drill handler restores it in its scratch bucket and
 * passes, and every report serializes. The SnapStart priming runs from the jar too.
 */
@ExtendWith(LocalAwsExtension.class)
class DeploymentJarIT {
  private static final Path JAR =
      Fixtures.repoRoot().resolve("functions/backup/target/backup-lambda.jar");
  private static final String INTROSPECTIONS =
      "META-INF/micronaut/io.micronaut.core.beans.BeanIntrospectionReference/";
  private static final String EVENT_INTROSPECTIONS =
      INTROSPECTIONS
          + "io.micronaut.aws.lambda.events.serde.$com_amazonaws_services_lambda_runtime_events_";
  private static final String DEFINITIONS =
      "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/";

  @Test
  void deploymentJar_shouldKeepOnlyTheRegistrationsTheHandlersUse() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      assertNotNull(zip.getEntry(EVENT_INTROSPECTIONS + "ScheduledEvent$Introspection"));
      assertNotNull(
          zip.getEntry(INTROSPECTIONS + "dev.airlock.backup.domain.$RestoreRequest$Introspection"));
      assertNull(zip.getEntry(EVENT_INTROSPECTIONS + "SQSEvent$Introspection"));
      assertNull(zip.getEntry(EVENT_INTROSPECTIONS + "CognitoUserPoolEvent$Introspection"));
      assertNotNull(
          zip.getEntry(DEFINITIONS + "io.micronaut.serde.jackson.$JacksonJsonMapper$Definition"));
      assertNull(
          zip.getEntry(DEFINITIONS + "io.micronaut.http.ssl.$DefaultSslConfiguration$Definition"));
      assertNull(
          zip.getEntry(
              DEFINITIONS + "io.micronaut.scheduling.executor.$ExecutorFactory$Definition"));
      long kept = zip.stream().filter(e -> e.getName().startsWith(EVENT_INTROSPECTIONS)).count();
      assertTrue(kept < 5, "Lambda event introspections in the jar: " + kept);
    }
  }

  @Test
  void deploymentJar_shouldBackUpRestoreAndPassTheDrill_whenRunInIsolation(LocalAws aws)
      throws Exception {
    BackupTestBed bed = new BackupTestBed(aws);
    bed.put("lookup/jar/a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of());
    bed.put(
        "tenants/acct-jar/billing.json",
        new byte[] {4, 5, 6},
        Map.of("airlock-enc", "envelope-v1"));
    byte[] hourly = event("backup/scheduled-event.json");
    byte[] weekly = event("restore-drill/scheduled-event.json");
    byte[] restoreRequest = event("backup/restore-request.json");

    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication());
        URLClassLoader isolated =
            new URLClassLoader(
                new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(isolated);
      Serializer serializer = new Serializer(isolated);
      Class<?> eventType =
          isolated.loadClass("com.amazonaws.services.lambda.runtime.events.ScheduledEvent");
      Object backupEvent = serializer.read(hourly, eventType);
      assertEquals("Scheduled Event", eventType.getMethod("getDetailType").invoke(backupEvent));
      Object drillEvent = serializer.read(weekly, eventType);
      Class<?> requestType = isolated.loadClass("dev.airlock.backup.domain.RestoreRequest");
      Object request = serializer.read(restoreRequest, requestType);
      assertEquals("latest", requestType.getMethod("snapshot").invoke(request));

      try (AutoCloseable context = (AutoCloseable) start(isolated, handlerProperties(bed))) {
        Object backup = handle(isolated, "BackupHandler", context, eventType, backupEvent);
        String report = serializer.write(backup);
        assertTrue(report.contains("\"outcome\":\"succeeded\""), report);
        assertTrue(report.contains("\"objectCount\":2"), report);
        assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(30)));

        Object restore = handle(isolated, "RestoreHandler", context, requestType, request);
        String restored = serializer.write(restore);
        assertTrue(restored.contains("\"outcome\":\"restored\""), restored);
        assertEquals(
            2, BackupTestBed.readAll(aws.s3(), bed.restore, "restores/2026-01-01/").size());

        Object drill = handle(isolated, "RestoreDrillHandler", context, eventType, drillEvent);
        String drilled = serializer.write(drill);
        assertTrue(drilled.contains("\"outcome\":\"passed\""), drilled);
        assertTrue(drilled.contains("\"region\":\"replica\""), drilled);
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void snapStartPriming_shouldWarmFromTheJarAlone_withoutCallingAws() throws Exception {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader isolated =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(isolated);
      try (AutoCloseable context =
          (AutoCloseable) start(isolated, PrimingConfig.unreachableAws(true))) {
        Class<?> primingType = isolated.loadClass("dev.airlock.backup.config.SnapStartPriming");
        Object priming =
            context.getClass().getMethod("getBean", Class.class).invoke(context, primingType);
        List<?> warmed = (List<?>) primingType.getMethod("prime").invoke(priming);
        assertTrue(
            warmed.containsAll(
                List.of(
                    "json", "aes-256-gcm", "deflate", "S3Client", "KmsClient", "BackupOperations")),
            warmed.toString());
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** The template's environment for BackupFunction, with its metrics going to EMF lines. */
  private static Map<String, Object> handlerProperties(BackupTestBed bed) {
    Map<String, Object> props = bed.templateProperties();
    props.put("airlock.metrics.publisher", "emf");
    return props;
  }

  /** The context Lambda's handler constructor builds ({@code config.FunctionContext}), started. */
  private static Object start(ClassLoader isolated, Map<String, Object> props) throws Exception {
    Class<?> contexts = isolated.loadClass("dev.airlock.backup.config.FunctionContext");
    Object builder = contexts.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("properties", Map.class).invoke(builder, props);
    return builder.getClass().getMethod("start").invoke(builder);
  }

  private static Object handle(
      ClassLoader isolated, String handler, Object context, Class<?> inputType, Object input)
      throws Exception {
    Class<?> handlerType = isolated.loadClass("dev.airlock.backup." + handler);
    Object instance =
        handlerType
            .getConstructor(isolated.loadClass("io.micronaut.context.ApplicationContext"))
            .newInstance(context);
    return handlerType.getMethod("execute", inputType).invoke(instance, input);
  }

  private static byte[] event(String name) throws IOException {
    return Files.readAllBytes(Fixtures.repoRoot().resolve("events").resolve(name));
  }

  /** The jar's {@code CustomPojoSerializer}, through reflection (its types are the jar's). */
  private static final class Serializer {
    private final Object serializer;
    private final Method fromJson;
    private final Method toJson;

    Serializer(ClassLoader isolated) throws Exception {
      Class<?> type =
          isolated.loadClass("com.amazonaws.services.lambda.runtime.CustomPojoSerializer");
      serializer = ServiceLoader.load(type, isolated).findFirst().orElseThrow();
      fromJson = type.getMethod("fromJson", InputStream.class, Type.class);
      toJson = type.getMethod("toJson", Object.class, OutputStream.class, Type.class);
    }

    Object read(byte[] json, Class<?> type) throws Exception {
      return fromJson.invoke(serializer, new ByteArrayInputStream(json), type);
    }

    String write(Object value) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      toJson.invoke(serializer, value, out, value.getClass());
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
