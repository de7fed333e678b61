package dev.airlock.aws.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.NoSuchBeanException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared SnapStart priming: the order of the warm-ups, and that a checkpoint runs them. */
class SnapStartPrimingSupportTest {

  /** A function's priming: one extra warm-up, one bean to build. */
  static final class Priming extends SnapStartPrimingSupport {
    final AtomicInteger extras = new AtomicInteger();
    final List<Class<?>> beans;

    Priming(ApplicationContext context, List<Class<?>> beans) {
      super(context);
      this.beans = beans;
    }

    @Override
    protected List<Class<?>> beans() {
      return beans;
    }

    @Override
    protected void warmExtras(List<String> warmed) {
      extras.incrementAndGet();
      warmed.add("extra");
    }
  }

  @Test
  void prime_shouldWarmJsonAndCryptoThenExtrasThenBuildBeans_inThatOrder() {
    try (ApplicationContext ctx = ApplicationContext.builder().start()) {
      ctx.registerSingleton(Clock.class, Clock.systemUTC());
      Priming priming = new Priming(ctx, List.of(Clock.class));

      assertEquals(
          List.of("json", "hmac-sha256", "aes-256-gcm", "extra", "Clock"), priming.prime());
    }
  }

  @Test
  void beforeCheckpoint_shouldPrime_whenLambdaTakesTheSnapshot() {
    try (ApplicationContext ctx = ApplicationContext.builder().start()) {
      Priming priming = new Priming(ctx, List.of());

      priming.beforeCheckpoint(null);

      assertEquals(1, priming.extras.get());
    }
  }

  @Test
  void prime_shouldFail_whenABeanTheInvocationNeedsCannotBeBuilt() {
    try (ApplicationContext ctx = ApplicationContext.builder().start()) {
      Priming priming = new Priming(ctx, List.of(Runnable.class));

      assertThrows(NoSuchBeanException.class, priming::prime);
    }
  }
}
