package dev.airlock.analyzers.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Reads a checkout file as text, within a size cap, refusing links and binary content.
 *
 * <p>The open itself refuses a symbolic link ({@code O_NOFOLLOW}), so a file swapped for a link
 * after the listing is still not followed. Binary means a NUL byte in the first 8000 bytes, git's
 * own heuristic. Text is decoded as UTF-8 with malformed input replaced by U+FFFD; a leading
 * byte-order mark is dropped so columns match editors.
 */
public final class FileContents {

  /** What reading a file gave. */
  public enum Kind {
    TEXT,
    TOO_LARGE,
    BINARY,
    UNREADABLE
  }

  /**
   * The outcome of one read.
   *
   * @param kind what was found
   * @param text the decoded text when {@code kind} is {@link Kind#TEXT}, else {@code null}
   * @param bytes bytes read (0 unless {@link Kind#TEXT})
   */
  public record Read(Kind kind, String text, long bytes) {}

  private static final int BINARY_PROBE = 8000;
  private static final Set<OpenOption> READ_NO_FOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private FileContents() {}

  /** Reads {@code file} if it is at most {@code maxBytes} long and looks like text. */
  public static Read read(RepositoryFile file, long maxBytes) {
    if (file.size() > maxBytes) {
      return new Read(Kind.TOO_LARGE, null, 0);
    }
    byte[] data;
    try (SeekableByteChannel channel = Files.newByteChannel(file.path(), READ_NO_FOLLOW)) {
      // One byte more than allowed tells a file that grew since the listing.
      int cap = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(cap, Math.max(file.size() + 1, 1)));
      while (true) {
        if (!buffer.hasRemaining()) {
          if (buffer.capacity() >= cap) {
            break;
          }
          ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(cap, buffer.capacity() * 2L));
          buffer.flip();
          bigger.put(buffer);
          buffer = bigger;
        }
        if (channel.read(buffer) < 0) {
          break;
        }
      }
      if (buffer.position() > maxBytes) {
        return new Read(Kind.TOO_LARGE, null, 0);
      }
      data = new byte[buffer.position()];
      buffer.flip();
      buffer.get(data);
    } catch (IOException | SecurityException e) {
      return new Read(Kind.UNREADABLE, null, 0);
    }
    for (int i = 0; i < Math.min(data.length, BINARY_PROBE); i++) {
      if (data[i] == 0) {
        return new Read(Kind.BINARY, null, 0);
      }
    }
    return new Read(Kind.TEXT, decode(data), data.length);
  }

  /**
   * Classifies a file by its size and first 8000 bytes without reading it whole: {@link Kind#TEXT}
   * means a later {@link #read} will most likely return text.
   */
  public static Kind probe(RepositoryFile file, long maxBytes) {
    if (file.size() > maxBytes) {
      return Kind.TOO_LARGE;
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file.path(), READ_NO_FOLLOW)) {
      ByteBuffer buffer = ByteBuffer.allocate(BINARY_PROBE);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading until the probe is full or the file ends
      }
      for (int i = 0; i < buffer.position(); i++) {
        if (buffer.get(i) == 0) {
          return Kind.BINARY;
        }
      }
      return Kind.TEXT;
    } catch (IOException | SecurityException e) {
      return Kind.UNREADABLE;
    }
  }

  static String decode(byte[] data) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(data))
              .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      text = new String(data, StandardCharsets.UTF_8);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
