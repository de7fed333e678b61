package dev.airlock.core.json;

import static dev.airlock.core.message.AnalysisJobTestData.aJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void read_shouldReturnEqualJob_whenJobWasWritten() {
    AnalysisJob job = aJob().pullRequest(42).provider(Provider.GITLAB).build();

    AnalysisJob back = Json.read(Json.write(job), AnalysisJob.class);

    assertEquals(job, back);
  }

  @Test
  void write_shouldUseWireNameAndIsoTime_whenWritingJob() {
    String json = Json.writeString(aJob().build());

    assertTrue(json.contains("\"provider\":\"github\""), json);
    assertTrue(json.contains("\"receivedAt\":\"2026-01-02T03:04:05.678Z\""), json);
    assertFalse(json.contains("pullRequest"), "absent pull request is omitted: " + json);
  }

  @Test
  void read_shouldRejectWithFieldName_whenFieldIsInvalid() {
    String json = Json.writeString(aJob().build()).replace("0d1a26e67d8f", "ZZZZZZZZZZZZ");

    MalformedJsonException e =
        assertThrows(MalformedJsonException.class, () -> Json.read(json, AnalysisJob.class));

    assertEquals("malformed AnalysisJob: commitSha is invalid", e.getMessage());
    assertNull(e.getCause(), "no parser detail (which may quote input) travels with it");
  }

  @Test
  void read_shouldReject_whenVersionIsUnknown() {
    String json = Json.writeString(aJob().build()).replace("\"version\":1", "\"version\":2");

    MalformedJsonException e =
        assertThrows(MalformedJsonException.class, () -> Json.read(json, AnalysisJob.class));
    assertEquals("malformed AnalysisJob: unsupported job version", e.getMessage());
  }

  @Test
  void read_shouldReject_whenVersionIsMissing() {
    String json = Json.writeString(aJob().build()).replace("\"version\":1,", "");

    assertThrows(MalformedJsonException.class, () -> Json.read(json, AnalysisJob.class));
  }

  @Test
  void read_shouldNotEchoInput_whenValueIsHostile() {
    String secret = "ghp_" + "A".repeat(36);
    String json = Json.writeString(aJob().build()).replace("\"github\"", "\"" + secret + "\"");

    MalformedJsonException e =
        assertThrows(MalformedJsonException.class, () -> Json.read(json, AnalysisJob.class));
    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @Test
  void read_shouldReject_whenCloneUrlCarriesCredentials() {
    String json =
        Json.writeString(aJob().build())
            .replace("https://github.com", "https://x-access-token:tok@github.com");

    MalformedJsonException e =
        assertThrows(MalformedJsonException.class, () -> Json.read(json, AnalysisJob.class));
    assertEquals("malformed AnalysisJob: clone URL must not carry credentials", e.getMessage());
    assertFalse(e.getMessage().contains("tok@"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "null", "nullx", "[]", "{", "42", "\"text\"", "{\"version\":1}"})
  void read_shouldThrowMalformed_whenInputIsNotAJob(String input) {
    MalformedJsonException e =
        assertThrows(MalformedJsonException.class, () -> Json.read(input, AnalysisJob.class));
    assertTrue(e.getMessage().startsWith("malformed AnalysisJob"), e.getMessage());
  }

  @Test
  void read_shouldThrowMalformed_whenNestingIsHostile() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThrows(MalformedJsonException.class, () -> Json.read(deep, AnalysisJob.class));
  }

  @Test
  void read_shouldThrowMalformed_whenBytesAreNull() {
    assertThrows(MalformedJsonException.class, () -> Json.read((byte[]) null, AnalysisJob.class));
  }

  @Test
  void write_shouldThrowIllegalArgument_whenTypeIsNotSerdeable() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object() {}));
    assertThrows(IllegalArgumentException.class, () -> Json.write(null));
  }

  @Test
  void write_shouldStayFarBelowSqsLimit_whenEveryFieldIsAtItsMaximum() {
    String id = "i".repeat(128);
    String owner = String.join("/", Collections.nCopies(20, "o".repeat(100)));
    String name = "n".repeat(100);
    String base = "https://" + "h".repeat(100) + ".example/";
    String url = base + "p".repeat(2048 - base.length());
    AnalysisJob max =
        aJob()
            .jobId(id)
            .deliveryId(id)
            .hookId(id)
            .accountId("a".repeat(63))
            .repository(new RepositoryRef(owner, name, url, true))
            .commitSha("f".repeat(64))
            .ref("r".repeat(1024))
            .pullRequest(Integer.MAX_VALUE)
            .build();

    byte[] json = Json.write(max);

    assertEquals(max, Json.read(json, AnalysisJob.class));
    assertTrue(json.length < 16 * 1024, "job is " + json.length + " bytes");
    assertTrue(json.length < 256 * 1024);
    assertEquals(json.length, new String(json, StandardCharsets.UTF_8).length());
  }

  @Test
  void read_shouldParseStringArray() {
    String[] values = Json.read("[\"a\",\"b\"]", String[].class);

    assertEquals(2, values.length);
    assertEquals("b", values[1]);
  }
}
