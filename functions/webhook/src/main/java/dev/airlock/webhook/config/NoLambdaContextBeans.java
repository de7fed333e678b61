package dev.airlock.webhook.config;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Registers nothing: replaces Micronaut AWS's {@link DefaultLambdaContextFactory}, which on every
 * invocation registers the Lambda {@link Context}, its logger, client context and identity as
 * singletons of the application context, so that beans could inject them.
 *
 * <p>Why: no bean of the webhook injects any of them (the controller gets the request and its raw
 * body, nothing else), and each registration makes the context look for an existing bean of that
 * type among all its bean definitions — a third of the function's CPU per request in figure 4 of
 * the benchmarks (JFR: {@code DefaultBeanContext.registerSingleton} under {@code
 * HandlerUtils.configureWithContext}). It also swapped a context-wide singleton per request, which
 * the local stack's concurrent requests raced on. A bean that needs the invocation's {@code
 * Context} would have to take it as a parameter from the handler instead.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class NoLambdaContextBeans implements LambdaContextFactory {

  @Override
  public void registerSingletons(Context context) {
    // Deliberately nothing; see the class comment.
  }
}
