package dev.airlock.aws.sqs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * Group commit for sends that callers wait on: concurrent callers' entries go out together, in
 * batches, without a background thread and without waiting to fill a batch.
 *
 * <p>A caller queues its entry. If no batch is in flight, the caller becomes the leader: it takes
 * the oldest queued entries (at most {@code maxEntries}, at most {@code maxWeight} in total), sends
 * them as one batch and hands every entry its own outcome. Callers that arrive meanwhile wait; when
 * the batch returns, one of them leads the next batch with whatever queued up. A lone caller is its
 * own leader at once and sends a batch of one, so one request at a time (a Lambda execution
 * environment) sends exactly as before and pays no wait.
 *
 * <p>Every caller returns only once its own entry was sent or failed: {@link #submit} returns
 * normally if and only if the sender reported that entry sent. An entry the sender reports nothing
 * for, and every entry of a batch whose send threw, fails. Entries go out in the order they were
 * queued, so a FIFO message group's order is the order its callers arrived in.
 *
 * @param <E> what is sent
 */
public final class GroupCommit<E> {

  /** Sends one batch. */
  @FunctionalInterface
  public interface BatchSender<E> {
    /**
     * @param batch one or more entries, oldest first
     * @return per entry of {@code batch}, by index, null if it was sent, else why not; entries past
     *     the end of a shorter list were not confirmed and fail
     * @throws RuntimeException if the whole batch failed
     */
    List<RuntimeException> send(List<E> batch);
  }

  private static final class Pending<E> {
    final E entry;
    boolean done;
    RuntimeException failure;

    Pending(E entry) {
      this.entry = entry;
    }
  }

  private final int maxEntries;
  private final int maxWeight;
  private final ToIntFunction<E> weight;
  private final BatchSender<E> sender;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchReturned = lock.newCondition();
  private final ArrayDeque<Pending<E>> queued = new ArrayDeque<>();
  private boolean sending;

  /**
   * @param maxEntries most entries per batch (SQS: 10)
   * @param maxWeight most total weight per batch; an entry heavier than this goes out alone
   * @param weight an entry's weight (e.g. its body's bytes)
   */
  public GroupCommit(
      int maxEntries, int maxWeight, ToIntFunction<E> weight, BatchSender<E> sender) {
    if (maxEntries < 1 || maxWeight < 1) {
      throw new IllegalArgumentException("batches must hold at least one entry");
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
    this.weight = Objects.requireNonNull(weight, "weight");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /**
   * Sends {@code entry}, in a batch with whatever other callers submit meanwhile.
   *
   * @throws RuntimeException the sender's failure for this entry (or for its whole batch)
   */
  public void submit(E entry) {
    Pending<E> mine = new Pending<>(Objects.requireNonNull(entry, "entry"));
    lock.lock();
    try {
      queued.addLast(mine);
      while (!mine.done) {
        if (sending) {
          // Uninterruptible: the entry may already be in a batch, and only its outcome tells the
          // caller whether the work was accepted.
          batchReturned.awaitUninterruptibly();
        } else {
          lead();
        }
      }
    } finally {
      lock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /** How many entries wait for a batch (tests use it to line callers up). */
  int queuedForTest() {
    lock.lock();
    try {
      return queued.size();
    } finally {
      lock.unlock();
    }
  }

  /** Takes a batch, sends it with the lock released, records each outcome. Holds the lock. */
  private void lead() {
    List<Pending<E>> batch = new ArrayList<>(Math.min(maxEntries, queued.size()));
    int total = 0;
    while (!queued.isEmpty() && batch.size() < maxEntries) {
      int w = Math.max(0, weight.applyAsInt(queued.peekFirst().entry));
      if (!batch.isEmpty() && total + w > maxWeight) {
        break;
      }
      total += w;
      batch.add(queued.pollFirst());
    }
    sending = true;
    List<RuntimeException> outcomes = null;
    RuntimeException whole = null;
    lock.unlock();
    try {
      List<E> entries = new ArrayList<>(batch.size());
      for (Pending<E> p : batch) {
        entries.add(p.entry);
      }
      outcomes = sender.send(entries);
    } catch (RuntimeException e) {
      whole = e;
    } finally {
      lock.lock();
      for (int i = 0; i < batch.size(); i++) {
        Pending<E> p = batch.get(i);
        if (whole != null) {
          p.failure = whole;
        } else if (outcomes == null || i >= outcomes.size()) {
          p.failure = new IllegalStateException("the batch reported no outcome for this entry");
        } else {
          p.failure = outcomes.get(i);
        }
        p.done = true;
      }
      // Also on an Error: nobody may wait for a batch that is no longer in flight.
      sending = false;
      batchReturned.signalAll();
    }
  }
}
