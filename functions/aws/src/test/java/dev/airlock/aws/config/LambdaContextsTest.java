package dev.airlock.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The functions' context: Lambda's environments, nothing built before it is asked for. */
class LambdaContextsTest {

  private static ApplicationContext start() {
    return LambdaContexts.builder()
        .properties(
            Map.of(
                "aws.region", "us-east-1",
                "aws.services.s3.endpoint-override", "http://127.0.0.1:9",
                "aws.access-key-id", "contexts-test",
                "aws.secret-key", "contexts-test"))
        .start();
  }

  @Test
  void builder_shouldBuildNoSingleton_untilTheInvocationAsksForIt() {
    try (ApplicationContext ctx = start()) {
      assertTrue(ctx.getActiveBeanRegistrations(SecretsManagerClient.class).isEmpty());
      assertTrue(ctx.getActiveBeanRegistrations(S3Client.class).isEmpty());

      ctx.getBean(S3Client.class);

      assertEquals(1, ctx.getActiveBeanRegistrations(S3Client.class).size());
      assertTrue(ctx.getActiveBeanRegistrations(SecretsManagerClient.class).isEmpty());
    }
  }

  @Test
  void builder_shouldUseLambdasEnvironments_withoutDeducingOthers() {
    try (ApplicationContext ctx = start()) {
      var active = ctx.getEnvironment().getActiveNames();

      assertTrue(active.containsAll(java.util.Set.of("function", "lambda")), active.toString());
      // Deduction would add "test" here (JUnit is on the stack): the environments are given.
      assertFalse(active.contains("test"), active.toString());
    }
  }
}
