package dev.airlock.webhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.testkit.PrimingConfig;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SnapStart priming: it warms the function's paths and reads no secret before the snapshot. */
class SnapStartPrimingTest {

  /** A secrets source that counts reads and answers {@code value} (empty: none). */
  static class CountingSecrets implements SecretsSource {
    final AtomicInteger reads = new AtomicInteger();
    private final Optional<List<String>> value;

    CountingSecrets() {
      this(Optional.empty());
    }

    CountingSecrets(Optional<List<String>> value) {
      this.value = value;
    }

    @Override
    public Optional<List<String>> secretList(String name) {
      reads.incrementAndGet();
      return value;
    }
  }

  private static ApplicationContext start(boolean snapStart, CountingSecrets secrets) {
    ApplicationContext ctx =
        ApplicationContext.builder().properties(PrimingConfig.unreachableAws(snapStart)).build();
    ctx.registerSingleton(SecretsSource.class, secrets);
    return ctx.start();
  }

  @Test
  void beforeCheckpoint_shouldWarmSerializersCryptoAndClients_withoutReadingASecret() {
    CountingSecrets secrets = new CountingSecrets();
    try (ApplicationContext ctx = start(true, secrets)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      List<String> warmed = priming.prime();
      priming.beforeCheckpoint(null);

      assertTrue(
          warmed.containsAll(
              List.of(
                  "json", "hmac-sha256", "aes-256-gcm", "S3Client", "SqsClient", "WebhookService")),
          warmed.toString());
      assertTrue(
          warmed.stream().anyMatch(w -> w.startsWith("webhook-signatures:")), warmed.toString());
      assertEquals(0, secrets.reads.get(), "a secret was read before the snapshot");
    }
  }

  @Test
  void afterRestore_shouldReadTheHmacSecretsOnce_whenTheEnvironmentIsRestored() {
    CountingSecrets secrets =
        new CountingSecrets(Optional.of(List.of("current-secret", "previous-secret")));
    try (ApplicationContext ctx = start(true, secrets)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);
      priming.beforeCheckpoint(null);
      assertEquals(0, secrets.reads.get(), "a secret was read before the snapshot");

      priming.afterRestore(null);

      assertEquals(2, secrets.reads.get(), "GitHub's and Bitbucket's secrets, after the restore");
    }
  }

  @Test
  void afterRestore_shouldNotFailTheRestore_whenTheSecretsCannotBeRead() {
    CountingSecrets broken =
        new CountingSecrets() {
          @Override
          public Optional<List<String>> secretList(String name) {
            reads.incrementAndGet();
            throw new IllegalStateException("secrets service unreachable");
          }
        };
    try (ApplicationContext ctx = start(true, broken)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      priming.afterRestore(null);

      assertEquals(1, broken.reads.get(), "tried once, then left to the first request");
    }
  }

  @Test
  void priming_shouldNotExist_whenTheInitIsNotForASnapshot() {
    try (ApplicationContext ctx = start(false, new CountingSecrets())) {
      assertTrue(ctx.findBean(SnapStartPriming.class).isEmpty());
    }
  }
}
