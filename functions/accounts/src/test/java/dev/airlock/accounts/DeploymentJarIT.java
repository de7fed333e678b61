package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testkit.Fixtures;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The artifact SAM deploys ({@code target/accounts-lambda.jar}) works on its own, with the
 * Micronaut registrations its shade filter leaves out (HTTP, scheduling, the introspections of
 * Lambda event types other than SQS's: a cold-start cost, benchmarks/README.md figure 1): in a
 * class loader that sees nothing but the jar and the JDK, the runtime's {@code
 * CustomPojoSerializer} (found through the jar's {@code META-INF/services}, as Lambda's runtime
 * finds it) reads both checked-in events, and the queue handler, on the context Lambda builds,
 * handles a batch against the local stack and its answer serializes; Micronaut finds its services
 * in the jar's package-time index, without scanning the jar.
 */
@ExtendWith(LocalAwsExtension.class)
class DeploymentJarIT {
  private static final Path JAR =
      Fixtures.repoRoot().resolve("functions/accounts/target/accounts-lambda.jar");
  private static final String INTROSPECTIONS =
      "META-INF/micronaut/io.micronaut.core.beans.BeanIntrospectionReference/"
          + "io.micronaut.aws.lambda.events.serde.$com_amazonaws_services_lambda_runtime_events_";
  private static final String DEFINITIONS =
      "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/";

  @Test
  void deploymentJar_shouldKeepOnlyTheRegistrationsTheHandlersUse() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      assertNotNull(zip.getEntry(INTROSPECTIONS + "SQSEvent$Introspection"));
      assertNotNull(zip.getEntry(INTROSPECTIONS + "SQSEvent$SQSMessage$Introspection"));
      assertNotNull(zip.getEntry(INTROSPECTIONS + "SQSBatchResponse$Introspection"));
      assertNull(zip.getEntry(INTROSPECTIONS + "CognitoUserPoolEvent$Introspection"));
      assertNull(zip.getEntry(INTROSPECTIONS + "APIGatewayV2HTTPEvent$Introspection"));
      assertNotNull(
          zip.getEntry(DEFINITIONS + "io.micronaut.serde.jackson.$JacksonJsonMapper$Definition"));
      assertNull(
          zip.getEntry(DEFINITIONS + "io.micronaut.http.ssl.$DefaultSslConfiguration$Definition"));
      assertNull(
          zip.getEntry(
              DEFINITIONS + "io.micronaut.scheduling.executor.$ExecutorFactory$Definition"));
      long kept = zip.stream().filter(e -> e.getName().startsWith(INTROSPECTIONS)).count();
      assertTrue(kept < 10, "Lambda event introspections in the jar: " + kept);
    }
  }

  @Test
  void deploymentJar_shouldReadTheEventsAndHandleABatch_whenRunInIsolation(LocalAws aws)
      throws Exception {
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    String account = "github-" + (1_000_000_000L + ThreadLocalRandom.current().nextInt(1 << 30));
    String queued =
        Files.readString(Fixtures.repoRoot().resolve("events/accounts/deletion-queue-event.json"))
            .replace("github-1234567", account);
    byte[] direct =
        Files.readAllBytes(Fixtures.repoRoot().resolve("events/accounts/delete-account.json"));

    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader isolated =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(isolated);
      Class<?> serializerType =
          isolated.loadClass("com.amazonaws.services.lambda.runtime.CustomPojoSerializer");
      Object serializer = ServiceLoader.load(serializerType, isolated).findFirst().orElseThrow();
      Method fromJson = serializerType.getMethod("fromJson", java.io.InputStream.class, Type.class);
      Method toJson =
          serializerType.getMethod("toJson", Object.class, java.io.OutputStream.class, Type.class);

      Class<?> requestType =
          isolated.loadClass("dev.airlock.accounts.domain.AccountDeletionRequest");
      Object request = fromJson.invoke(serializer, new ByteArrayInputStream(direct), requestType);
      assertEquals("github-1234567", requestType.getMethod("accountId").invoke(request));

      Class<?> eventType =
          isolated.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent");
      String id = "7d0c2f9e-4b1a-4a53-9c1e-2f8b6d3a0001";
      String malformedId = "7d0c2f9e-4b1a-4a53-9c1e-2f8b6d3a0002";
      String batch =
          queued.replaceFirst(
              "\\]\\s*}\\s*$",
              ", {\"messageId\": \""
                  + malformedId
                  + "\", \"body\": \"not a request\", \"eventSource\": \"aws:sqs\"} ] }");
      Object event =
          fromJson.invoke(
              serializer,
              new ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)),
              eventType);
      List<?> records = (List<?>) eventType.getMethod("getRecords").invoke(event);
      assertEquals(2, records.size());
      assertEquals(id, records.get(0).getClass().getMethod("getMessageId").invoke(records.get(0)));
      String body = (String) records.get(0).getClass().getMethod("getBody").invoke(records.get(0));
      assertTrue(body.contains("\"accountId\":\"" + account + "\""), body);

      Class<?> contexts = isolated.loadClass("dev.airlock.accounts.config.FunctionContext");
      Object builder = contexts.getMethod("builder").invoke(null);
      builder = builder.getClass().getMethod("properties", Map.class).invoke(builder, props);
      Object context = builder.getClass().getMethod("start").invoke(builder);
      try (AutoCloseable closing = (AutoCloseable) context) {
        Class<?> handlerType =
            isolated.loadClass("dev.airlock.accounts.AccountDeletionQueueHandler");
        Object handler =
            handlerType
                .getConstructor(isolated.loadClass("io.micronaut.context.ApplicationContext"))
                .newInstance(context);
        Object response = handlerType.getMethod("execute", eventType).invoke(handler, event);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        toJson.invoke(serializer, response, out, response.getClass());
        String json = out.toString(StandardCharsets.UTF_8);
        // Nothing is stored for the fresh account (done); the malformed message goes back.
        assertTrue(json.contains("\"itemIdentifier\":\"" + malformedId + "\""), json);
        assertTrue(!json.contains(id), json);
      }

      // Micronaut took every service from the index written into the jar at package time
      // (MicronautServiceIndex) and never scanned the jar for META-INF/micronaut.
      Class<?> optimizationsType =
          isolated.loadClass("io.micronaut.core.io.service.SoftServiceLoader$Optimizations");
      Object optimizations =
          ((Optional<?>)
                  isolated
                      .loadClass("io.micronaut.core.optim.StaticOptimizations")
                      .getMethod("get", Class.class)
                      .invoke(null, optimizationsType))
              .orElseThrow();
      Map<?, ?> listed =
          (Map<?, ?>) optimizationsType.getMethod("getServiceLoaders").invoke(optimizations);
      assertTrue(
          listed.keySet().contains("io.micronaut.inject.BeanDefinitionReference"),
          "indexed types: " + listed.keySet());
      Field scanned =
          isolated
              .loadClass("io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils")
              .getDeclaredField("cacheEntry");
      scanned.setAccessible(true);
      assertNull(scanned.get(null), "the jar was scanned for META-INF/micronaut");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
