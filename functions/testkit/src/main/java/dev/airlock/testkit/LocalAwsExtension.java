package dev.airlock.testkit;

import dev.airlock.emulators.stack.LocalAwsStack;
import dev.airlock.emulators.stack.LocalAwsStackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts the embedded local AWS stack once per test JVM (the first test that
 * asks for it pays the few seconds; the rest share it) and stops it when the JVM's test run ends.
 * Inject {@link LocalAws} (or {@link AwsEnvironment}, for scenarios shared with the {@code
 * *DockerIT} tier) as a test or lifecycle-method parameter.
 */
public final class LocalAwsExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LocalAwsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == LocalAws.class || type == AwsEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    return shared(context);
  }

  /** The JVM-wide instance, started on first use. */
  public static LocalAws shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("stack", k -> new Resource(), Resource.class)
        .aws;
  }

  /** Closed by JUnit when the root context closes: stops S3Mock processes and servers. */
  static final class Resource implements ExtensionContext.Store.CloseableResource {
    final LocalAws aws;

    Resource() {
      Path dir;
      try {
        Path base = Path.of("target");
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base.toAbsolutePath(), "local-aws-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      aws = new LocalAws(LocalAwsStack.start(LocalAwsStackConfig.defaults(dir, false)));
    }

    @Override
    public void close() {
      aws.stack().close();
    }
  }
}
