package dev.airlock.analyzers.secrets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;

/**
 * Finds every occurrence of a set of keywords in one pass (Aho-Corasick), case-insensitively for
 * ASCII letters, as gitleaks' keyword prefilter does: a rule runs only where one of its keywords
 * occurs. Keywords with non-ASCII characters (none in the shipped rule file) are searched with
 * {@link String#indexOf} on the lower-cased text.
 */
final class KeywordMatcher {

  /** Positions (start offsets) of each keyword's occurrences in one text. */
  static final class Hits {
    private final int[][] positions;
    private final int[] counts;

    private Hits(int keywords) {
      positions = new int[keywords][];
      counts = new int[keywords];
    }

    private void add(int keyword, int position) {
      int[] list = positions[keyword];
      if (list == null) {
        list = new int[4];
        positions[keyword] = list;
      } else if (counts[keyword] == list.length) {
        list = Arrays.copyOf(list, list.length * 2);
        positions[keyword] = list;
      }
      list[counts[keyword]++] = position;
    }

    boolean present(int keyword) {
      return counts[keyword] > 0;
    }

    int count(int keyword) {
      return counts[keyword];
    }

    int position(int keyword, int i) {
      return positions[keyword][i];
    }
  }

  private static final int ALPHABET = 128;

  private final List<String> keywords;
  private final int[][] next;
  private final int[][] output;
  private final List<Integer> nonAscii = new ArrayList<>();

  /** Builds a matcher; keywords are lower-cased, and their index in the list identifies them. */
  KeywordMatcher(List<String> keywords) {
    this.keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> outputs = new ArrayList<>();
    trie.add(newNode());
    outputs.add(new ArrayList<>());
    for (int k = 0; k < this.keywords.size(); k++) {
      String keyword = this.keywords.get(k);
      if (keyword.isEmpty()) {
        continue;
      }
      if (keyword.chars().anyMatch(c -> c >= ALPHABET)) {
        nonAscii.add(k);
        continue;
      }
      int node = 0;
      for (int i = 0; i < keyword.length(); i++) {
        int c = keyword.charAt(i);
        if (trie.get(node)[c] < 0) {
          trie.get(node)[c] = trie.size();
          trie.add(newNode());
          outputs.add(new ArrayList<>());
        }
        node = trie.get(node)[c];
      }
      outputs.get(node).add(k);
    }
    int size = trie.size();
    next = trie.toArray(new int[0][]);
    int[] fail = new int[size];
    Queue<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      if (next[0][c] < 0) {
        next[0][c] = 0;
      } else {
        fail[next[0][c]] = 0;
        queue.add(next[0][c]);
      }
    }
    while (!queue.isEmpty()) {
      int node = queue.remove();
      outputs.get(node).addAll(outputs.get(fail[node]));
      for (int c = 0; c < ALPHABET; c++) {
        int child = next[node][c];
        if (child < 0) {
          next[node][c] = next[fail[node]][c];
        } else {
          fail[child] = next[fail[node]][c];
          queue.add(child);
        }
      }
    }
    output = new int[size][];
    for (int i = 0; i < size; i++) {
      output[i] = outputs.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int[] newNode() {
    int[] node = new int[ALPHABET];
    Arrays.fill(node, -1);
    return node;
  }

  /** All occurrences of all keywords in {@code text}. */
  Hits find(String text) {
    Hits hits = new Hits(keywords.size());
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      state = next[state][c];
      for (int k : output[state]) {
        hits.add(k, i - keywords.get(k).length() + 1);
      }
    }
    if (!nonAscii.isEmpty()) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (int k : nonAscii) {
        String keyword = keywords.get(k);
        for (int at = lower.indexOf(keyword); at >= 0; at = lower.indexOf(keyword, at + 1)) {
          hits.add(k, Math.min(at, text.length() - 1));
        }
      }
    }
    return hits;
  }
}
