package dev.airlock.billing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads event JSON into Lambda's event classes with the Lambda Java runtime's own serializer. */
public final class LambdaEvents {
  private LambdaEvents() {}

  private static final PojoSerializer<APIGatewayV2HTTPEvent> V2 =
      LambdaEventSerializers.serializerFor(
          APIGatewayV2HTTPEvent.class, LambdaEvents.class.getClassLoader());

  public static APIGatewayV2HTTPEvent read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return V2.fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static APIGatewayV2HTTPEvent read(String json) {
    return V2.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
