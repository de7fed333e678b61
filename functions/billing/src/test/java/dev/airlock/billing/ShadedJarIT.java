package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testkit.Fixtures;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The artifact SAM deploys ({@code target/billing-lambda.jar}) works on its own: loaded in a class
 * loader that sees nothing but the jar and the JDK, its Micronaut context starts and verifies and
 * applies a signed event against the local stack — so the stripe-java classes the shade filter
 * keeps are all that signature verification needs, and Gson is not needed at all.
 */
@ExtendWith(LocalAwsExtension.class)
class ShadedJarIT {
  private static final Path JAR =
      Fixtures.repoRoot().resolve("functions/billing/target/billing-lambda.jar");

  @Test
  void shadedJar_shouldKeepOnlyTheSignatureClassesOfStripeJava() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      long stripe = zip.stream().filter(e -> e.getName().startsWith("com/stripe/")).count();
      long gson = zip.stream().filter(e -> e.getName().startsWith("com/google/gson/")).count();

      assertTrue(stripe > 0 && stripe < 100, "stripe-java entries: " + stripe);
      assertEquals(0, gson);
      assertNotNull(zip.getEntry("com/stripe/net/Webhook$Signature.class"));
      assertNotNull(zip.getEntry("dev/airlock/billing/BillingWebhookFunction.class"));
      assertNull(
          zip.getEntry(
              "io/micronaut/function/aws/proxy/payload2/APIGatewayV2HTTPEventFunction.class"),
          "the handler routes itself: no web framework's HTTP proxy in the jar");
    }
    assertTrue(Files.size(JAR) < 30L * 1024 * 1024, "the full stripe-java alone is 20 MB");
  }

  @Test
  void shadedJar_shouldVerifyAndApplyASignedEvent_whenRunInIsolation(LocalAws aws)
      throws Exception {
    String bucket = "billing-shaded-" + HexFormat.of().formatHex(random());
    aws.s3().createBucket(b -> b.bucket(bucket));
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    props.put("airlock.buckets.state", bucket);
    props.put("stripe.webhook.secret", StripeEvents.TEST_SECRET);
    props.put("airlock.billing.mode", "test");
    String u = TestObjects.unique();
    String account = "acct-shaded-" + HexFormat.of().formatHex(random());
    String keyId =
        aws.kms().createKey(b -> b.description("tenant key (test)")).keyMetadata().keyId();
    aws.kms().createAlias(b -> b.aliasName("alias/airlock/tenant/" + account).targetKeyId(keyId));
    long now = Clock.systemUTC().instant().getEpochSecond();
    String payload =
        JsonText.pretty(
            StripeEvents.envelope(
                "evt_shaded" + u,
                "checkout.session.completed",
                now,
                TestObjects.checkout(account, "cus_shaded" + u, "sub_shaded" + u)));

    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader isolated =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(isolated);
      Class<?> contexts = isolated.loadClass("io.micronaut.context.ApplicationContext");
      Object context =
          contexts.getMethod("run", Map.class, String[].class).invoke(null, props, new String[0]);
      try {
        Class<?> serviceType = isolated.loadClass("dev.airlock.billing.domain.BillingService");
        Object service = contexts.getMethod("getBean", Class.class).invoke(context, serviceType);
        Method handle = serviceType.getMethod("handle", List.class, byte[].class);
        String good = StripeSigning.header(StripeEvents.TEST_SECRET, now, payload);
        String bad = StripeSigning.header("whsec_wrong_secret_for_this", now, payload);

        Object refused =
            handle.invoke(service, List.of(bad), payload.getBytes(StandardCharsets.UTF_8));
        Object accepted =
            handle.invoke(service, List.of(good), payload.getBytes(StandardCharsets.UTF_8));

        assertEquals("signature-invalid", refused.getClass().getMethod("reason").invoke(refused));
        assertEquals(200, accepted.getClass().getMethod("httpStatus").invoke(accepted));
        assertEquals("customer-linked", accepted.getClass().getMethod("reason").invoke(accepted));
      } finally {
        ((AutoCloseable) context).close();
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static byte[] random() {
    byte[] b = new byte[5];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
