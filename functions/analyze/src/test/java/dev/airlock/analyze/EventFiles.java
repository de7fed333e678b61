package dev.airlock.analyze;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.airlock.testkit.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-in events of {@code events/analyze/}, read with Lambda's own serialization. */
final class EventFiles {
  private EventFiles() {}

  static Path dir() {
    return Fixtures.repoRoot().resolve("events/analyze");
  }

  static SQSEvent load(String name) {
    try (InputStream in = Files.newInputStream(dir().resolve(name))) {
      return LambdaEventSerializers.serializerFor(SQSEvent.class, EventFiles.class.getClassLoader())
          .fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
