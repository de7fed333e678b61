package dev.airlock.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sample events are real SQS events whose bodies are valid analysis jobs (or poison). */
class EventFilesTest {

  @Test
  void events_shouldCarryValidJobsWithTheQueuesGroupAndDeduplicationIds() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EventFiles.dir())) {
      files = s.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertEquals(3, files.size(), files.toString());
    int jobs = 0;
    for (Path f : files) {
      for (SQSEvent.SQSMessage m : EventFiles.load(f.getFileName().toString()).getRecords()) {
        assertEquals("aws:sqs", m.getEventSource());
        if (m.getMessageId().endsWith("0002")) {
          assertThrows(
              MalformedJsonException.class, () -> Json.read(m.getBody(), AnalysisJob.class));
          continue;
        }
        AnalysisJob job = Json.read(m.getBody(), AnalysisJob.class);
        assertEquals(job.messageGroupId(), m.getAttributes().get("MessageGroupId"));
        assertEquals(job.deduplicationId(), m.getAttributes().get("MessageDeduplicationId"));
        jobs++;
      }
    }
    assertEquals(4, jobs);
  }

  @Test
  void pullRequestEvent_shouldNameTheFixturesRepositoryAndHeadCommit() {
    SQSEvent e = EventFiles.load("github-pull-request-job.json");
    AnalysisJob job = Json.read(e.getRecords().get(0).getBody(), AnalysisJob.class);

    assertEquals(Provider.GITHUB, job.provider());
    assertEquals("Codertocat/Hello-World", job.repository().fullName());
    assertEquals("ec26c3e57ca3a959ca5aad62de7213c562f8c821", job.commitSha());
    assertEquals(2, job.pullRequest());
    assertTrue(!job.repository().privateRepo());
  }
}
