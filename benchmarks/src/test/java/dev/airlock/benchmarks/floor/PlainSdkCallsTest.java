package dev.airlock.benchmarks.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PlainSdkCallsTest {

  @Test
  void run_shouldMakeNoCall_whenTheSpecIsEmpty() throws Exception {
    try (PlainSdkCalls calls = new PlainSdkCalls(" ; ")) {
      assertEquals(0, calls.run());
    }
  }

  @Test
  void constructor_shouldRefuse_whenTheSpecNamesAnUnknownClient() {
    assertThrows(IllegalArgumentException.class, () -> new PlainSdkCalls("dynamodb.get t k"));
  }
}
