package dev.airlock.accounts.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.testkit.PrimingConfig;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming: it warms the function's paths without calling AWS (the function holds no
 * secret of its own; its keys stay in KMS).
 */
class SnapStartPrimingTest {

  private static ApplicationContext start(boolean snapStart) {
    ApplicationContext ctx =
        ApplicationContext.builder().properties(PrimingConfig.unreachableAws(snapStart)).build();
    // As the function's tests and the local stack do: the audit sink is supplied.
    ctx.registerSingleton(AuditLog.class, JsonLinesAuditLog.toStdout());
    return ctx.start();
  }

  @Test
  void beforeCheckpoint_shouldWarmCryptoAndClients_withoutCallingAws() {
    try (ApplicationContext ctx = start(true)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      List<String> warmed = priming.prime();
      priming.beforeCheckpoint(null);

      assertTrue(
          warmed.containsAll(
              List.of("json", "aes-256-gcm", "S3Client", "KmsClient", "AccountDeletion")),
          warmed.toString());
    }
  }

  @Test
  void priming_shouldNotExist_whenTheInitIsNotForASnapshot() {
    try (ApplicationContext ctx = start(false)) {
      assertTrue(ctx.findBean(SnapStartPriming.class).isEmpty());
    }
  }
}
