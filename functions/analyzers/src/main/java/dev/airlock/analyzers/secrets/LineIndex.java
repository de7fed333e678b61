package dev.airlock.analyzers.secrets;

import java.util.Arrays;

/** Offsets of line starts in a text, for line/column positions and line-based search windows. */
final class LineIndex {

  private final int[] starts;
  private final int length;

  LineIndex(String text) {
    int[] found = new int[64];
    int count = 0;
    found[count++] = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (count == found.length) {
        found = Arrays.copyOf(found, found.length * 2);
      }
      found[count++] = i + 1;
    }
    starts = Arrays.copyOf(found, count);
    length = text.length();
  }

  int lineCount() {
    return starts.length;
  }

  /** 0-based line of the character at {@code offset}. */
  int lineOf(int offset) {
    int i = Arrays.binarySearch(starts, offset);
    return i >= 0 ? i : -i - 2;
  }

  int lineStart(int line) {
    return starts[line];
  }

  /** Offset just past the line, including its newline. */
  int lineEndInclusive(int line) {
    return line + 1 < starts.length ? starts[line + 1] : length;
  }

  /** Offset of the line's newline (or the end of the text). */
  int lineEndExclusive(int line) {
    return line + 1 < starts.length ? starts[line + 1] - 1 : length;
  }
}
