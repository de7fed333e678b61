package dev.airlock.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.json.MalformedJsonException;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DocumentsTest {

  @Serdeable
  record Counter(int value) {}

  private static final Codec<Counter> CODEC = Codecs.json(Counter.class);

  private final InMemoryStateStore store = new InMemoryStateStore();

  @Test
  void update_shouldCreateDocument_whenAbsent() {
    Counter result =
        Documents.update(
            store, "k", c -> new Counter(c.map(Counter::value).orElse(0) + 1), CODEC, 3);

    assertEquals(new Counter(1), result);
    assertEquals(Optional.of(new Counter(1)), Documents.read(store, "k", CODEC));
  }

  @Test
  void update_shouldRetryFromFreshRead_whenAnotherWriterWinsTheRace() {
    store.createIfAbsent("k", "{\"value\":10}".getBytes(StandardCharsets.UTF_8), Map.of());
    List<Optional<Counter>> seen = new ArrayList<>();

    Counter result =
        Documents.update(
            store,
            "k",
            c -> {
              seen.add(c);
              if (seen.size() == 1) {
                // A concurrent writer lands between our read and our conditional write.
                StoredObject now = store.get("k").orElseThrow();
                store.replaceIfMatch(
                    "k", "{\"value\":20}".getBytes(StandardCharsets.UTF_8), now.etag(), Map.of());
              }
              return new Counter(c.orElseThrow().value() + 1);
            },
            CODEC,
            3);

    assertEquals(new Counter(21), result);
    assertEquals(List.of(Optional.of(new Counter(10)), Optional.of(new Counter(20))), seen);
    assertEquals(Optional.of(new Counter(21)), Documents.read(store, "k", CODEC));
  }

  @Test
  void update_shouldRetry_whenCreateRacesWithAnotherCreate() {
    int[] calls = {0};

    Counter result =
        Documents.update(
            store,
            "k",
            c -> {
              if (calls[0]++ == 0) {
                store.createIfAbsent(
                    "k", "{\"value\":5}".getBytes(StandardCharsets.UTF_8), Map.of());
              }
              return new Counter(c.map(Counter::value).orElse(0) + 1);
            },
            CODEC,
            2);

    assertEquals(new Counter(6), result);
  }

  @Test
  void update_shouldGiveUp_whenEveryAttemptConflicts() {
    store.createIfAbsent("k", "{\"value\":0}".getBytes(StandardCharsets.UTF_8), Map.of());

    assertThrows(
        ConcurrentUpdateException.class,
        () ->
            Documents.update(
                store,
                "k",
                c -> {
                  StoredObject now = store.get("k").orElseThrow();
                  store.replaceIfMatch("k", now.value(), now.etag(), Map.of());
                  return new Counter(c.orElseThrow().value() + 1);
                },
                CODEC,
                4));
    assertEquals(Optional.of(new Counter(0)), Documents.read(store, "k", CODEC));
    assertEquals(5, store.writes, "one create plus one interfering write per attempt");
  }

  @Test
  void update_shouldNotWrite_whenChangeReturnsEqualDocument() {
    Documents.update(store, "k", c -> new Counter(1), CODEC, 1);
    int writes = store.writes;

    Documents.update(store, "k", c -> new Counter(1), CODEC, 1);

    assertEquals(writes, store.writes);
  }

  @Test
  void update_shouldNotLoseIncrements_whenThreadsUpdateConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add(
          pool.submit(
              () ->
                  Documents.update(
                      store,
                      "k",
                      c -> new Counter(c.map(Counter::value).orElse(0) + 1),
                      CODEC,
                      1000)));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();

    assertEquals(Optional.of(new Counter(40)), Documents.read(store, "k", CODEC));
  }

  @Test
  void update_shouldFailTyped_whenStoredBytesAreNotADocument() {
    store.createIfAbsent("k", "not json".getBytes(StandardCharsets.UTF_8), Map.of());

    assertThrows(
        MalformedJsonException.class,
        () -> Documents.update(store, "k", c -> new Counter(1), CODEC, 1));
  }

  @Test
  void update_shouldRejectInvalidArguments() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Documents.update(store, "k", c -> new Counter(1), CODEC, 0));
    assertThrows(
        IllegalArgumentException.class, () -> Documents.update(store, "k", c -> null, CODEC, 1));
    assertTrue(store.objects.isEmpty());
  }
}
