package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook's deployment jar ({@code target/webhook-lambda.jar}, the SAM CodeUri; runs after
 * {@code package}): Amazon Corretto Crypto Provider, which gives the webhook native HMAC from its
 * first invocation (issue 8, figure 3), must be the build for the architecture {@code
 * template.yaml} deploys to, or its native library does not load and the SnapStart priming hook
 * fails the deployment. And the jar must work on its own, with only the Micronaut registrations its
 * shade filters keep.
 */
class DeploymentJarIT {
  private static final String NATIVE_LIBRARY =
      "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so";

  /** ELF {@code e_machine} of each Lambda architecture. */
  private static final Map<String, Integer> ELF_MACHINE = Map.of("arm64", 183, "x86_64", 62);

  private static final Pattern ARCHITECTURES =
      Pattern.compile("(?m)^\\s*Architectures:\\s*\\[\\s*([a-z0-9_]+)\\s*]\\s*$");

  @Test
  void lambdaJar_shouldCarryAccpBuiltForTheTemplatesArchitecture() throws IOException {
    String architecture = templateArchitecture();
    Integer expectedMachine = ELF_MACHINE.get(architecture);
    assertNotNull(expectedMachine, "unknown Lambda architecture " + architecture);

    try (JarFile jar = new JarFile(lambdaJar().toFile())) {
      ZipEntry library = jar.getEntry(NATIVE_LIBRARY);
      assertNotNull(library, "ACCP's native library is not in the deployment jar");
      byte[] header;
      try (InputStream in = jar.getInputStream(library)) {
        header = in.readNBytes(20);
      }
      assertEquals(0x7f, header[0] & 0xff);
      assertEquals("ELF", new String(header, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
      int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8; // little-endian e_machine
      assertEquals(
          expectedMachine,
          machine,
          "ACCP's native library is built for ELF machine "
              + machine
              + " but template.yaml deploys to "
              + architecture);
      assertNotNull(
          jar.getEntry("com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider.class"));
    }
  }

  @Test
  void lambdaJar_shouldNotCarrySignatureFilesThatNoLongerMatchIt() throws IOException {
    try (JarFile jar = new JarFile(lambdaJar().toFile())) {
      List<String> signatures =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(n -> n.startsWith("META-INF/"))
              .filter(n -> n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"))
              .toList();
      assertTrue(signatures.isEmpty(), "stale jar signatures: " + signatures);
    }
  }

  /**
   * The jar on its own (a class loader that sees nothing but it and the JDK, as Lambda loads it),
   * with the Micronaut registrations its shade filters leave out (figure 1): its context starts,
   * and its controller refuses a forged GitHub delivery and queues a signed pull request against
   * the local stack. The installation the pull request names is written to the same bucket by the
   * test's own stack.
   */
  @Test
  @ExtendWith(LocalAwsExtension.class)
  void lambdaJar_shouldRefuseAForgedAndQueueASignedDelivery_whenRunInIsolation(LocalAws aws)
      throws Exception {
    WebhookEvents.Spec spec =
        WebhookEvents.SPECS.stream()
            .filter(s -> s.file().equals("github-pull-request-opened.json"))
            .findFirst()
            .orElseThrow();
    Map<String, List<String>> signed = new LinkedHashMap<>();
    WebhookEvents.headers(spec).forEach((k, v) -> signed.put(k, List.of(v)));
    Map<String, List<String>> forged = new LinkedHashMap<>(signed);
    forged.put(
        "x-hub-signature-256", List.of(Signing.hubSignature("not-the-secret", spec.payload())));
    forged.put("x-github-delivery", List.of(UUID.randomUUID().toString()));

    try (WebhookTestStack stack = new WebhookTestStack(aws, Map.of())) {
      stack.installFixtureRepository();
      Map<String, Object> props = new HashMap<>(aws.micronautProperties());
      props.remove("aws.replica-region");
      props.put("airlock.webhook.queue-url", stack.queueUrl());
      props.put("airlock.buckets.state", stack.bucket());
      props.put("github.webhook.secret", WebhookEvents.TEST_SECRET);

      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      try (URLClassLoader isolated =
          new URLClassLoader(
              new URL[] {lambdaJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
        Thread.currentThread().setContextClassLoader(isolated);
        Class<?> contexts = isolated.loadClass("io.micronaut.context.ApplicationContext");
        Object context =
            contexts.getMethod("run", Map.class, String[].class).invoke(null, props, new String[0]);
        try {
          Class<?> controllerType = isolated.loadClass("dev.airlock.webhook.WebhookController");
          Object controller =
              contexts.getMethod("getBean", Class.class).invoke(context, controllerType);
          @SuppressWarnings({"unchecked", "rawtypes"})
          Object github =
              Enum.valueOf(
                  (Class) isolated.loadClass("dev.airlock.core.message.Provider"), "GITHUB");
          Method handle =
              controllerType.getMethod("handle", github.getClass(), Map.class, byte[].class);

          Object refused = handle.invoke(controller, github, forged, spec.payload());
          assertEquals(401, refused.getClass().getMethod("status").invoke(refused));
          assertTrue(stack.drain(1).isEmpty(), "a forged delivery queued work");

          Object accepted = handle.invoke(controller, github, signed, spec.payload());
          assertEquals(202, accepted.getClass().getMethod("status").invoke(accepted));
          assertEquals(1, stack.drain(2).size(), "the signed pull request is one job");
        } finally {
          ((AutoCloseable) context).close();
        }
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    }
  }

  /** The single architecture every function in template.yaml is deployed to. */
  private static String templateArchitecture() throws IOException {
    String template = Files.readString(repoRoot().resolve("template.yaml"));
    Matcher m = ARCHITECTURES.matcher(template);
    String found = null;
    while (m.find()) {
      assertFalse(
          found != null && !found.equals(m.group(1)),
          "functions deploy to more than one architecture; the webhook jar carries one ACCP");
      found = m.group(1);
    }
    assertNotNull(found, "template.yaml declares no Architectures");
    return found;
  }

  private static Path lambdaJar() {
    Path jar = repoRoot().resolve("functions/webhook/target/webhook-lambda.jar");
    assertTrue(Files.isRegularFile(jar), "not packaged: " + jar);
    return jar;
  }

  private static Path repoRoot() {
    String root = System.getProperty("airlock.repo.root");
    assertNotNull(root, "system property airlock.repo.root is not set");
    return Path.of(root);
  }
}
