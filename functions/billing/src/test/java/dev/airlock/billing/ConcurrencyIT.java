package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.domain.BillingResponse;
import dev.airlock.billing.domain.BillingService;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two updates for one account racing through {@code If-Match} on the real S3Mock: both read the
 * same version of the billing document (a barrier holds each after its read until the other has
 * read too), then write in a forced order. Neither is lost: the loser's conditional write fails, it
 * re-reads and re-decides, and the document ends as serial delivery would leave it.
 */
@ExtendWith(LocalAwsExtension.class)
class ConcurrencyIT {

  /**
   * A decorator over the real S3 store (not a fake): holds the first read of {@code key} by each of
   * two threads until both have read, then lets the thread named {@code first} write before the
   * other, and counts the conflicts S3 answers.
   */
  static final class RacingStore implements StateStore {
    private final StateStore delegate;
    private volatile String key;
    private volatile String first;
    private final CyclicBarrier bothRead = new CyclicBarrier(2);
    private final CountDownLatch firstWrote = new CountDownLatch(1);
    private final AtomicInteger heldReads = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();

    RacingStore(StateStore delegate) {
      this.delegate = delegate;
    }

    void race(String raceKey, String firstWriter) {
      this.key = raceKey;
      this.first = firstWriter;
    }

    @Override
    public Optional<StoredObject> get(String k) {
      Optional<StoredObject> o = delegate.get(k);
      if (k.equals(key) && heldReads.incrementAndGet() <= 2) {
        await(() -> bothRead.await(20, TimeUnit.SECONDS));
      }
      return o;
    }

    @Override
    public WriteResult createIfAbsent(String k, byte[] value, Map<String, String> metadata) {
      return write(k, () -> delegate.createIfAbsent(k, value, metadata));
    }

    @Override
    public WriteResult replaceIfMatch(
        String k, byte[] value, String etag, Map<String, String> metadata) {
      return write(k, () -> delegate.replaceIfMatch(k, value, etag, metadata));
    }

    private WriteResult write(String k, java.util.function.Supplier<WriteResult> w) {
      if (!k.equals(key)) {
        return w.get();
      }
      boolean isFirst = Thread.currentThread().getName().equals(first);
      if (!isFirst) {
        await(() -> firstWrote.await(20, TimeUnit.SECONDS));
      }
      WriteResult r = w.get();
      if (!r.written()) {
        conflicts.incrementAndGet();
      }
      if (isFirst) {
        firstWrote.countDown();
      }
      return r;
    }

    @Override
    public List<String> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public int deleteAllVersions(String k) {
      return delegate.deleteAllVersions(k);
    }

    interface Wait {
      Object run() throws Exception;
    }

    private static void await(Wait w) {
      try {
        w.run();
      } catch (Exception e) {
        throw new IllegalStateException("race did not line up", e);
      }
    }
  }

  private static String payload(
      String id, long created, String sub, String customer, String status, long qty) {
    Map<String, Object> s = TestObjects.subscription(sub, customer, status);
    @SuppressWarnings("unchecked")
    Map<String, Object> item =
        (Map<String, Object>) ((List<?>) ((Map<?, ?>) s.get("items")).get("data")).get(0);
    item.put("quantity", qty);
    return JsonText.pretty(StripeEvents.envelope(id, "customer.subscription.updated", created, s));
  }

  private static BillingResponse handle(BillingService service, long now, String payload) {
    return service.handle(
        List.of(StripeSigning.header(StripeEvents.TEST_SECRET, now, payload)),
        payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Races an older and a newer update; {@code firstWriter} names which one writes first. */
  private static void race(LocalAws aws, String firstWriter) throws Exception {
    RacingStore[] racing = new RacingStore[1];
    try (BillingTestStack stack =
        new BillingTestStack(
            aws,
            BillingTestStack.Options.defaults()
                .decorateStore(s -> racing[0] = new RacingStore(s)))) {
      String u = TestObjects.unique();
      String account = stack.newAccount();
      String customer = "cus_race" + u;
      String sub = "sub_race" + u;
      BillingService service = stack.context().getBean(BillingService.class);
      long now = stack.clock().instant().getEpochSecond();
      String checkout =
          JsonText.pretty(
              StripeEvents.envelope(
                  "evt_rco" + u,
                  "checkout.session.completed",
                  now,
                  TestObjects.checkout(account, customer, sub)));
      assertEquals("customer-linked", handle(service, now, checkout).reason());
      racing[0].race(StateKeys.billing(account), firstWriter);
      String older = payload("evt_rold" + u, 1_800_000_100L, sub, customer, "active", 1);
      String newer = payload("evt_rnew" + u, 1_800_000_200L, sub, customer, "past_due", 2);

      ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r));
      try {
        CompletableFuture<BillingResponse> a =
            CompletableFuture.supplyAsync(
                () -> {
                  Thread.currentThread().setName("older");
                  return handle(service, now, older);
                },
                pool);
        CompletableFuture<BillingResponse> b =
            CompletableFuture.supplyAsync(
                () -> {
                  Thread.currentThread().setName("newer");
                  return handle(service, now, newer);
                },
                pool);
        BillingResponse ra = a.get(60, TimeUnit.SECONDS);
        BillingResponse rb = b.get(60, TimeUnit.SECONDS);

        assertEquals(200, ra.httpStatus(), ra.reason());
        assertEquals(200, rb.httpStatus(), rb.reason());
        assertEquals("subscription-applied", rb.reason());
        assertEquals(firstWriter.equals("newer") ? "stale" : "subscription-applied", ra.reason());
      } finally {
        pool.shutdownNow();
      }
      assertTrue(racing[0].conflicts.get() >= 1, "the two writes really raced");
      BillingDocument doc = stack.billing(account).get();
      assertEquals(
          "evt_rnew" + u,
          doc.primary().orElseThrow().lastEventId(),
          "the newer update is not lost");
      assertEquals("past_due", doc.primary().orElseThrow().status());
      assertEquals(2L, doc.primary().orElseThrow().quantity());
      assertEquals(customer, doc.customerId(), "the checkout's link survives both");
    }
  }

  @Test
  void handle_shouldLoseNeitherUpdate_whenTheNewerWritesFirstAndTheOlderRaces(LocalAws aws)
      throws Exception {
    race(aws, "newer");
  }

  @Test
  void handle_shouldLoseNeitherUpdate_whenTheOlderWritesFirstAndTheNewerRaces(LocalAws aws)
      throws Exception {
    race(aws, "older");
  }
}
