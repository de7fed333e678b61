package dev.airlock.aws.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;

/**
 * How every Airlock Lambda handler builds its Micronaut context: with Micronaut AWS's environments
 * ({@code function}, {@code lambda}), minus the start-up work a function's cold start does not
 * need. Each handler's {@code newApplicationContextBuilder()} returns {@link #builder()}.
 *
 * <p>Micronaut AWS's own builder ({@code LambdaApplicationContextBuilder}) turns on eager
 * initialization of every singleton and every configuration bean. In a function's context that
 * builds everything on the class path: the SDK clients of services the function never calls
 * (Secrets Manager where the secret is an environment variable, the replica region's clients),
 * Micronaut's scheduling executors and HTTP-server configuration. Here nothing is eager: the
 * handler's injection points (or, for the HTTP functions, the controller the handler builds in its
 * constructor) pull in exactly the beans one invocation needs, still in the init phase. Environment
 * deduction (probing for cloud providers, Kubernetes, a test framework on the stack) and the banner
 * are off as well: the environments are known.
 */
public final class LambdaContexts {

  /** Micronaut AWS's name for the Lambda environment. */
  public static final String LAMBDA = "lambda";

  private LambdaContexts() {}

  /** A fresh builder for a function's context (the handler adds nothing else). */
  public static ApplicationContextBuilder builder() {
    return ApplicationContext.builder()
        .environments(Environment.FUNCTION, LAMBDA)
        .deduceEnvironment(false)
        .banner(false)
        .bootstrapEnvironment(false)
        .eagerInitConfiguration(false)
        .eagerInitSingletons(false);
  }
}
