package earshot.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of any bytes from a stream: lines end at LF only (a CR before it is dropped), bytes
 * that are not UTF-8 become U+FFFD, and a line longer than the limit is cut there and the rest of it
 * skipped, so that one huge line cannot exhaust memory. Before it would block on more input it
 * runs a callback, so that a caller can flush what it wrote for the lines so far.
 */
final class LineReader {

  private final InputStream in;
  private final int maxLineBytes;
  private final Runnable beforeWaiting;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private boolean ended;
  private boolean truncated;

  LineReader(InputStream in, int maxLineBytes, Runnable beforeWaiting) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.beforeWaiting = beforeWaiting;
  }

  /** The next line without its end, or null at the end of the input. */
  String readLine() throws IOException {
    ByteBuffer line = ByteBuffer.allocate(Math.min(maxLineBytes, 256));
    truncated = false;
    boolean any = false;
    while (true) {
      if (position == limit) {
        if (ended || !fill()) {
          return any ? decode(line) : null;
        }
      }
      any = true;
      byte b = buffer[position++];
      if (b == '\n') {
        return decode(line);
      }
      if (line.position() < maxLineBytes) {
        if (!line.hasRemaining()) {
          ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(maxLineBytes, line.capacity() * 2L));
          line.flip();
          bigger.put(line);
          line = bigger;
        }
        line.put(b);
      } else {
        truncated = true;
      }
    }
  }

  /** Whether the last line read was longer than the limit and cut. */
  boolean truncated() {
    return truncated;
  }

  private boolean fill() throws IOException {
    if (in.available() == 0) {
      beforeWaiting.run();
    }
    int read = in.read(buffer);
    if (read <= 0) {
      ended = true;
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  private static String decode(ByteBuffer line) {
    line.flip();
    int end = line.limit();
    if (end > 0 && line.get(end - 1) == '\r') {
      line.limit(end - 1);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      CharBuffer chars = decoder.decode(line);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }
}
