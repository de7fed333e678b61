package dev.airlock.analyzers.pmd;

import java.util.concurrent.atomic.AtomicInteger;
import net.sourceforge.pmd.util.log.PmdReporter;
import org.slf4j.event.Level;

/**
 * PMD's message reporter, reduced to a count of errors. PMD's messages can carry sandbox paths and,
 * for parse errors, fragments of the analyzed code; inside the sandbox nothing may be printed.
 */
final class CountingReporter implements PmdReporter {

  private final AtomicInteger errors = new AtomicInteger();

  @Override
  public boolean isLoggable(Level level) {
    return level == Level.ERROR;
  }

  @Override
  public void logEx(Level level, String message, Object[] formatArgs, Throwable error) {
    if (level == Level.ERROR) {
      errors.incrementAndGet();
    }
  }

  @Override
  public int numErrors() {
    return errors.get();
  }
}
