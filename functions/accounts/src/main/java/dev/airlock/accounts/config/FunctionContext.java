package dev.airlock.accounts.config;

import dev.airlock.aws.config.LambdaContexts;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * The context Lambda's no-argument handler constructor builds: the shared {@link LambdaContexts}
 * (nothing eager but what the invocation needs). Here, in the composition root, so the handlers in
 * {@code dev.airlock.accounts} stay free of {@code dev.airlock.aws}.
 */
public final class FunctionContext {
  private FunctionContext() {}

  /** A fresh builder for this function's context in Lambda. */
  public static ApplicationContextBuilder builder() {
    return LambdaContexts.builder();
  }
}
