package dev.clir.corpus;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a byte stream line by line and decodes each line as strict UTF-8, so that invalid bytes are reported with
 * their line number and the lines after them can still be read. Splitting on the byte {@code \n} before decoding
 * is safe because UTF-8 never uses that byte inside a multi-byte sequence. A UTF-8 byte order mark at the start
 * is dropped.
 */
public final class Utf8Lines implements Closeable {

  /**
   * One line.
   *
   * @param number 1-based line number
   * @param text the line without its terminator; for a malformed line, decoded with U+FFFD replacing bad bytes
   * @param terminator {@code "\n"}, {@code "\r\n"}, or {@code ""} for a last line without one
   * @param malformed {@code null}, or what is wrong with the bytes (e.g. {@code invalid UTF-8 (byte 0xE9 at byte 4
   *     of the line)})
   */
  public record Line(long number, String text, String terminator, String malformed) {
    public Line {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(terminator, "terminator");
    }

    public boolean isMalformed() {
      return malformed != null;
    }
  }

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private int lineLen;
  private long number;
  private boolean eof;
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  public Utf8Lines(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  /** The next line, or {@code null} at the end of the stream. */
  public Line next() throws IOException {
    if (eof) {
      return null;
    }
    lineLen = 0;
    boolean terminated = false;
    while (true) {
      if (pos == limit) {
        int n = in.read(buf);
        if (n < 0) {
          eof = true;
          break;
        }
        pos = 0;
        limit = n;
      }
      int i = pos;
      while (i < limit && buf[i] != '\n') {
        i++;
      }
      append(pos, i - pos);
      if (i < limit) {
        pos = i + 1;
        terminated = true;
        break;
      }
      pos = limit;
    }
    if (!terminated && lineLen == 0) {
      return null;
    }
    String terminator = "";
    if (terminated) {
      terminator = "\n";
      if (lineLen > 0 && line[lineLen - 1] == '\r') {
        lineLen--;
        terminator = "\r\n";
      }
    }
    number++;
    int start = 0;
    if (number == 1 && lineLen >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
      start = 3;
    }
    return decode(start, terminator);
  }

  private Line decode(int start, String terminator) {
    ByteBuffer bytes = ByteBuffer.wrap(line, start, lineLen - start);
    CharBuffer chars = CharBuffer.allocate(lineLen - start);
    strict.reset();
    CoderResult result = strict.decode(bytes, chars, true);
    if (!result.isError()) {
      result = strict.flush(chars);
    }
    if (result.isError()) {
      int at = bytes.position();
      String problem = String.format("invalid UTF-8 (byte 0x%02X at byte %d of the line)", line[at] & 0xFF,
          at - start + 1);
      String replaced = new String(line, start, lineLen - start, StandardCharsets.UTF_8);
      return new Line(number, replaced, terminator, problem);
    }
    chars.flip();
    return new Line(number, chars.toString(), terminator, null);
  }

  private void append(int from, int len) {
    if (lineLen + len > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + len));
    }
    System.arraycopy(buf, from, line, lineLen, len);
    lineLen += len;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
