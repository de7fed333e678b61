package dev.airlock.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for the {@code *DockerIT} tier: starts one {@link LocalStackAws} container per
 * test JVM on first use (the rest share it) and stops it when the JVM's test run ends. Inject
 * {@link LocalStackAws} or {@link AwsEnvironment} as a test or lifecycle-method parameter.
 *
 * <p>Always pair it with {@code @Testcontainers(disabledWithoutDocker = true)} on the class: that
 * condition skips the class before anything here runs when no Docker engine is reachable; without
 * it, resolving the parameter fails with Testcontainers' "no valid Docker environment" error.
 */
public final class LocalStackAwsExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LocalStackAwsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == LocalStackAws.class || type == AwsEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    return shared(context);
  }

  /** The JVM-wide instance, started on first use. */
  public static LocalStackAws shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("localstack", k -> new Resource(), Resource.class)
        .aws;
  }

  /** Closed by JUnit when the root context closes: stops the container. */
  static final class Resource implements ExtensionContext.Store.CloseableResource {
    final LocalStackAws aws = LocalStackAws.start();

    @Override
    public void close() {
      aws.close();
    }
  }
}
