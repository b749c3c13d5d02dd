package dev.clir.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} whose {@code read} gives up with a
 * {@link DownloadStalledException} when no bytes arrived for the stall timeout, and cancels the exchange.
 *
 * <p>Why not {@link HttpResponse.BodyHandlers#ofInputStream()}: {@link java.net.http.HttpRequest.Builder#timeout}
 * ends when the headers arrive, so a body that stops mid-file blocks its {@code read} forever, and cancelling the
 * {@code sendAsync} future does nothing once the headers are in. Closing that stream from a watchdog thread does
 * wake the reader on current JDKs, but only through the internals of its cancel path. Here the reader waits on
 * its own queue with a time limit, using nothing but the {@link Flow} contract; cancelling the subscription makes
 * the HttpClient close an HTTP/1.1 connection (the unread rest must not be reused) or reset an HTTP/2 stream.
 */
final class StallGuardedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
  /** Identity-compared end marker, queued by onComplete and onError. */
  private static final List<ByteBuffer> END = new ArrayList<>(0);

  private final Duration stallTimeout;
  private final BlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private volatile Throwable failure;
  private volatile boolean closed;
  private Iterator<ByteBuffer> buffers;
  private ByteBuffer current;
  private boolean ended;

  private StallGuardedBody(Duration stallTimeout) {
    this.stallTimeout = Objects.requireNonNull(stallTimeout);
  }

  static HttpResponse.BodyHandler<InputStream> handler(Duration stallTimeout) {
    return info -> new StallGuardedBody(stallTimeout);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    // Available at once, like ofInputStream: send() returns with the headers and the body is read as it comes.
    return CompletableFuture.completedStage(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (subscription != null || closed) {
      s.cancel();
      return;
    }
    subscription = s;
    if (closed) {
      // close() ran on another thread before it could see the subscription.
      s.cancel();
      return;
    }
    // One list of buffers at a time: the server is not read faster than the file is written.
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    failure = t;
    queue.add(END);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (closed) {
        throw new IOException("response body closed");
      }
      if (ended) {
        return -1;
      }
      if (buffers != null && buffers.hasNext()) {
        current = buffers.next();
        continue;
      }
      List<ByteBuffer> next;
      try {
        next = queue.poll(stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading a download");
      }
      if (next == null) {
        close();
        throw new DownloadStalledException(stallTimeout);
      }
      if (next == END) {
        ended = true;
        Throwable t = failure;
        if (t != null) {
          throw t instanceof IOException io ? io : new IOException(t);
        }
        return -1;
      }
      buffers = next.iterator();
      subscription.request(1);
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.remaining();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    queue.clear();
  }
}
