package dev.airlock.billing.config;

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

  /** A secrets source that counts reads and never answers a value. */
  static final class CountingSecrets implements SecretsSource {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Optional<List<String>> secretList(String name) {
      reads.incrementAndGet();
      return Optional.empty();
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
              List.of("json", "hmac-sha256", "aes-256-gcm", "S3Client", "BillingService")),
          warmed.toString());
      assertEquals(0, secrets.reads.get(), "a secret was read before the snapshot");
    }
  }

  @Test
  void priming_shouldNotExist_whenTheInitIsNotForASnapshot() {
    try (ApplicationContext ctx = start(false, new CountingSecrets())) {
      assertTrue(ctx.findBean(SnapStartPriming.class).isEmpty());
    }
  }
}
