package dev.airlock.analyzers.secrets;

/**
 * A view of a string that aborts the regex engine reading it once a deadline passes.
 *
 * <p>{@code java.util.regex} backtracks, and a repository can be written to make a rule's pattern
 * take exponential time. Every character the engine reads goes through {@link #charAt}, which
 * checks the clock every few thousand reads and throws {@link BudgetExceeded}: the scanner then
 * abandons that rule on that file and counts it.
 */
final class DeadlineCharSequence implements CharSequence {

  /** The deadline passed while a pattern was running. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("regex time budget exceeded", null, false, false);
    }
  }

  private final String text;
  private final long deadlineNanos;
  private int reads;

  DeadlineCharSequence(String text, long deadlineNanos) {
    this.text = text;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new BudgetExceeded();
    }
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    // Allowlist regexes run on slices (secret, match, line) under the same deadline.
    return new DeadlineCharSequence(text.substring(start, end), deadlineNanos);
  }

  @Override
  public String toString() {
    return text;
  }
}
