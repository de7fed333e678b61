package dev.airlock.local;

/** One line naming a failure and its root cause, for operator output (no stack traces). */
final class Errors {
  private Errors() {}

  static String describe(Throwable t) {
    if (System.getenv("AIRLOCK_DEBUG") != null) {
      t.printStackTrace();
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String first = t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
    return root == t
        ? first
        : first
            + " (cause: "
            + root.getClass().getSimpleName()
            + ": "
            + firstLine(root.getMessage())
            + ")";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
