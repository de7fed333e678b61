package dev.airlock.backup.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.testkit.PrimingConfig;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming: it warms the function's paths without calling AWS (the function holds no
 * secret of its own; its keys stay in KMS).
 */
class SnapStartPrimingTest {

  @Test
  void beforeCheckpoint_shouldWarmCryptoAndClients_withoutCallingAws() {
    try (ApplicationContext ctx = ApplicationContext.run(PrimingConfig.unreachableAws(true))) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      List<String> warmed = priming.prime();
      priming.beforeCheckpoint(null);

      assertTrue(
          warmed.containsAll(
              List.of(
                  "json", "aes-256-gcm", "deflate", "S3Client", "KmsClient", "BackupOperations")),
          warmed.toString());
    }
  }

  @Test
  void priming_shouldNotExist_whenTheInitIsNotForASnapshot() {
    try (ApplicationContext ctx = ApplicationContext.run(PrimingConfig.unreachableAws(false))) {
      assertTrue(ctx.findBean(SnapStartPriming.class).isEmpty());
    }
  }
}
