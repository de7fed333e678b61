package dev.airlock.aws.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  /** Batches of at most 10 entries, each weighing 1 (well under the weight limit). */
  private static GroupCommit<Integer> unweighted(GroupCommit.BatchSender<Integer> sender) {
    return new GroupCommit<>(10, 1000, e -> 1, sender);
  }

  /** Records every batch it is handed; optionally holds the first one until released. */
  private static final class RecordingSender implements GroupCommit.BatchSender<Integer> {
    final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstEntered = new CountDownLatch(1);
    final CountDownLatch releaseFirst;

    RecordingSender(boolean holdFirst) {
      releaseFirst = new CountDownLatch(holdFirst ? 1 : 0);
    }

    @Override
    public List<RuntimeException> send(List<Integer> batch) {
      batches.add(List.copyOf(batch));
      firstEntered.countDown();
      try {
        releaseFirst.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<RuntimeException> out = new ArrayList<>();
      for (Integer e : batch) {
        out.add(e < 0 ? new IllegalArgumentException("refused " + e) : null);
      }
      return out;
    }
  }

  @Test
  void submit_shouldSendALoneEntryAtOnceInABatchOfOne() {
    RecordingSender sender = new RecordingSender(false);
    GroupCommit<Integer> commit = unweighted(sender);

    commit.submit(1);
    commit.submit(2);

    assertEquals(List.of(List.of(1), List.of(2)), sender.batches);
  }

  @Test
  void submit_shouldBatchEntriesQueuedWhileASendIsInFlight_eachSentOnceInArrivalOrder()
      throws Exception {
    RecordingSender sender = new RecordingSender(true);
    GroupCommit<Integer> commit = unweighted(sender);
    List<Integer> behind = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      behind.add(i);
    }

    Map<Integer, Throwable> failed = behindFirst(commit, sender, behind);

    assertEquals(Map.of(), failed);
    assertEquals(
        List.of(
            List.of(0),
            List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            List.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
            List.of(21, 22, 23, 24, 25)),
        sender.batches);
  }

  @Test
  void submit_shouldFailOnlyTheCallerWhoseEntryTheBatchRefused() throws Exception {
    RecordingSender sender = new RecordingSender(true);
    GroupCommit<Integer> commit = unweighted(sender);

    Map<Integer, Throwable> failed = behindFirst(commit, sender, List.of(1, -2, 3));

    assertEquals(List.of(-2), List.copyOf(failed.keySet()));
    assertEquals("refused -2", failed.get(-2).getMessage());
    assertEquals(List.of(List.of(0), List.of(1, -2, 3)), sender.batches);
  }

  @Test
  void submit_shouldFailEveryEntryOfABatchWhoseSendThrew_andLetTheNextBatchGo() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException down = new IllegalStateException("queue unreachable");
    GroupCommit<Integer> commit =
        unweighted(
            batch -> {
              if (calls.getAndIncrement() == 0) {
                throw down;
              }
              return Collections.nCopies(batch.size(), null);
            });

    assertSame(down, assertThrows(IllegalStateException.class, () -> commit.submit(1)));
    commit.submit(2);
    assertEquals(2, calls.get());
  }

  @Test
  void submit_shouldFailAnEntryTheSenderReportedNothingFor() {
    GroupCommit<Integer> commit = unweighted(batch -> List.of());

    assertThrows(IllegalStateException.class, () -> commit.submit(1));
  }

  @Test
  void submit_shouldCloseABatchAtItsWeightLimit_andSendAnOverweightEntryAlone() throws Exception {
    RecordingSender sender = new RecordingSender(true);
    Map<Integer, Integer> weights = Map.of(1, 40, 2, 40, 3, 40, 4, 500);
    GroupCommit<Integer> commit =
        new GroupCommit<>(10, 100, e -> weights.getOrDefault(e, 1), sender);

    Map<Integer, Throwable> failed = behindFirst(commit, sender, List.of(1, 2, 3, 4));

    assertEquals(Map.of(), failed);
    assertEquals(List.of(List.of(0), List.of(1, 2), List.of(3), List.of(4)), sender.batches);
  }

  @Test
  void submit_shouldSendEveryEntryExactlyOnce_underManyConcurrentCallers() throws Exception {
    List<Integer> sent = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger largest = new AtomicInteger();
    GroupCommit<Integer> commit =
        unweighted(
            batch -> {
              largest.accumulateAndGet(batch.size(), Math::max);
              sent.addAll(batch);
              try {
                Thread.sleep(1);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Collections.nCopies(batch.size(), null);
            });
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<?>> all = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        int e = i;
        all.add(pool.submit(() -> commit.submit(e)));
      }
      for (Future<?> f : all) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Integer> sorted = new ArrayList<>(sent);
    Collections.sort(sorted);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      expected.add(i);
    }
    assertEquals(expected, sorted);
    assertTrue(largest.get() > 1 && largest.get() <= 10, "batches of 2..10: " + largest.get());
  }

  @Test
  void constructor_shouldRefuseBatchesThatHoldNothing() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new GroupCommit<Integer>(0, 10, e -> 1, b -> List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GroupCommit<Integer>(10, 0, e -> 1, b -> List.of()));
  }

  /**
   * Submits 0 and holds its send in flight while {@code behind} callers queue up one after another
   * (in that order); then lets it go and waits for everyone.
   *
   * @return each caller whose submit threw, with what it threw
   */
  private static Map<Integer, Throwable> behindFirst(
      GroupCommit<Integer> commit, RecordingSender sender, List<Integer> behind) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(behind.size() + 1);
    Map<Integer, Throwable> failed = new TreeMap<>();
    try {
      Map<Integer, Future<?>> calls = new LinkedHashMap<>();
      calls.put(0, pool.submit(() -> commit.submit(0)));
      assertTrue(sender.firstEntered.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < behind.size(); i++) {
        int e = behind.get(i);
        calls.put(e, pool.submit(() -> commit.submit(e)));
        awaitQueued(commit, i + 1);
      }
      sender.releaseFirst.countDown();
      for (Map.Entry<Integer, Future<?>> c : calls.entrySet()) {
        try {
          c.getValue().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failed.put(c.getKey(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failed;
  }

  /** Waits until {@code n} entries wait behind the batch in flight. */
  private static void awaitQueued(GroupCommit<Integer> commit, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (commit.queuedForTest() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + commit.queuedForTest() + " of " + n + " queued");
      }
      Thread.sleep(1);
    }
  }
}
