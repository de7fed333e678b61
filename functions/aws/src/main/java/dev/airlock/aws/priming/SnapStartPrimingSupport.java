package dev.airlock.aws.priming;

import dev.airlock.core.priming.Warmups;
import io.micronaut.context.BeanContext;
import io.micronaut.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;

/**
 * The part of SnapStart priming every function shares: registration as a CRaC {@link Resource} with
 * {@link Core#getGlobalContext()} (the context Lambda drives before it takes a snapshot), the JSON
 * and crypto warm-ups of {@link Warmups}, and building the beans the first invocation needs.
 *
 * <p>Each function subclasses it in its {@code config} package as a {@code @Context} bean that
 * exists only when Lambda initializes for a snapshot ({@code @Requires(property =
 * "aws.lambda.initialization.type", value = "snap-start")}), names its beans in {@link #beans()}
 * and adds its own warm-ups in {@link #warmExtras(List)}.
 *
 * <p>Contract of every subclass: before the snapshot it never reads a secret or token, never calls
 * AWS (so the SDK's credentials provider has resolved nothing the snapshot could capture) and keeps
 * no key (the warm-ups' keys are random throw-aways, zeroed after use). {@link #afterRestore} has
 * nothing to refresh for that reason.
 */
public abstract class SnapStartPrimingSupport implements Resource {
  /** Enough calls for the warmed loops to be compiled by C1 (Lambda's default tier). */
  public static final int ROUNDS = 300;

  private final BeanContext context;

  /**
   * Registers this resource with the global CRaC context. Registering in the constructor (not in a
   * {@code @PostConstruct} method) keeps the subclasses free of lifecycle boilerplate; a {@code
   * Resource} is only called back at a checkpoint, never while it is being constructed.
   */
  protected SnapStartPrimingSupport(BeanContext context) {
    this.context = context;
    Core.getGlobalContext().register(this);
  }

  @Override
  public final void beforeCheckpoint(org.crac.Context<? extends Resource> ignored) {
    prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> ignored) {
    // Nothing was captured that needs refreshing: no secret, token or credentials were loaded.
  }

  /**
   * Warms the function's start-up paths; returns what it warmed, in order (for tests and logs).
   *
   * @throws IllegalStateException if a JCA algorithm the function needs is missing (the snapshot
   *     must not be taken of an environment that cannot serve)
   */
  public final List<String> prime() {
    List<String> warmed = new ArrayList<>();
    Warmups.json(context.getBean(JsonMapper.class), ROUNDS);
    warmed.add("json");
    Warmups.crypto(ROUNDS);
    warmed.add("hmac-sha256");
    warmed.add("aes-256-gcm");
    warmExtras(warmed);
    for (Class<?> type : beans()) {
      context.getBean(type);
      warmed.add(type.getSimpleName());
    }
    return warmed;
  }

  /** The clients and domain beans the first invocation needs, built before the snapshot instead. */
  protected abstract List<Class<?>> beans();

  /**
   * The function's own warm-ups (signature verifiers, compression), run after the shared ones; each
   * adds what it warmed to {@code warmed}. None by default.
   */
  protected void warmExtras(List<String> warmed) {}
}
