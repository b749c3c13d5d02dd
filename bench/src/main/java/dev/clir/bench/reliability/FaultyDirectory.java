package dev.clir.bench.reliability;

import java.io.IOException;
import java.util.Collection;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/**
 * A {@link Directory} that fails the way disks do, after the idea of Lucene's {@code MockDirectoryWrapper}: random
 * {@link IOException}s on any operation ({@link #randomIOExceptionRate}), a disk that fills up
 * ({@link #maxSizeInBytes}), and a power cut ({@link #crashImage}) after which only what was synced survives.
 * {@link #faultyFiles} narrows the faults to some files, e.g. the {@code segments_N} file a commit writes, which
 * also holds clir's commit metadata. Faults stop with {@link #heal()}.
 *
 * <p>Merges run on Lucene's threads, so which operation a fault hits varies between runs of one seed; the seed
 * fixes the rates and the sizes, not the interleaving.
 */
public final class FaultyDirectory extends FilterDirectory {

  /** An injected I/O failure, so that a run can tell it from a real one. */
  public static final class InjectedFault extends IOException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }

  private final Random random;
  private final Set<String> unsynced = ConcurrentHashMap.newKeySet();
  private final AtomicLong faults = new AtomicLong();
  /** Bytes held by the directory's files, kept as files are written and deleted (listing them per byte is slow). */
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  private volatile long crashAt = -1;
  private volatile Random crashDamage;
  private volatile Directory crashImage;
  private volatile double rate;
  private volatile long maxBytes = Long.MAX_VALUE;
  private volatile Predicate<String> faultyFiles = name -> true;
  private volatile boolean healed;
  private volatile java.util.function.BiConsumer<String, String> listener = (op, file) -> {};

  public FaultyDirectory(Directory delegate, Random random) throws IOException {
    super(delegate);
    this.random = random;
    for (String f : delegate.listAll()) {
      used.addAndGet(delegate.fileLength(f));
    }
  }

  /**
   * Cuts the power at the {@code n}th operation from now: what the disk holds at that moment is kept as
   * {@link #crashImage()} (see {@link #crashImage(Random)}); the directory itself goes on working, so that the
   * writer can be closed.
   */
  public FaultyDirectory crashAfterOperations(long n, Random damage) {
    this.crashDamage = damage;
    this.crashAt = operations.get() + n;
    return this;
  }

  /** The disk after the power cut of {@link #crashAfterOperations}, or {@code null} when it has not happened. */
  public Directory crashImage() {
    return crashImage;
  }

  /** Each operation on a faulty file fails with this probability. */
  public FaultyDirectory randomIOExceptionRate(double value) {
    this.rate = value;
    return this;
  }

  /** Writes fail with "No space left on device" once the directory would exceed this size. */
  public FaultyDirectory maxSizeInBytes(long value) {
    this.maxBytes = value;
    return this;
  }

  /** Which files random faults hit ({@code syncMetaData} counts as the file {@code segments}). */
  public FaultyDirectory faultyFiles(Predicate<String> value) {
    this.faultyFiles = value;
    return this;
  }

  /**
   * Hears of every creation ({@code create}) and rename ({@code rename}, with the new name) after it happened, on
   * the thread that did it: a process can announce its commits and merges, and slow them down.
   */
  public FaultyDirectory listener(java.util.function.BiConsumer<String, String> value) {
    this.listener = value;
    return this;
  }

  /** Stops injecting faults (the disk is repaired, space freed). */
  public void heal() {
    healed = true;
  }

  /** Operations (creates, opens, writes of a buffer, syncs, renames, deletes) so far. */
  public long operations() {
    return operations.get();
  }

  /** Bytes the directory's files hold now. */
  public long bytesUsed() {
    return used.get();
  }

  /** Faults injected so far. */
  public long faultsInjected() {
    return faults.get();
  }

  private void maybeFail(String op, String file) throws IOException {
    if (operations.incrementAndGet() == crashAt) {
      synchronized (this) {
        crashImage = crashImage(crashDamage);
      }
    }
    if (healed || rate == 0 || !faultyFiles.test(file)) {
      return;
    }
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    if (draw < rate) {
      faults.incrementAndGet();
      throw new InjectedFault("injected I/O failure: " + op + " " + file);
    }
  }

  private void reserve(String file, long bytes) throws IOException {
    if (used.addAndGet(bytes) > maxBytes && !healed) {
      used.addAndGet(-bytes);
      faults.incrementAndGet();
      throw new InjectedFault("No space left on device (injected: disk of " + maxBytes + " bytes is full) writing "
          + file);
    }
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    maybeFail("create", name);
    unsynced.add(name);
    IndexOutput out = new FaultyOutput(in.createOutput(name, context));
    listener.accept("create", name);
    return out;
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
    maybeFail("create temp", prefix);
    IndexOutput out = in.createTempOutput(prefix, suffix, context);
    unsynced.add(out.getName());
    return new FaultyOutput(out);
  }

  @Override
  public IndexInput openInput(String name, IOContext context) throws IOException {
    maybeFail("open", name);
    return in.openInput(name, context);
  }

  @Override
  public ChecksumIndexInput openChecksumInput(String name) throws IOException {
    maybeFail("open", name);
    return in.openChecksumInput(name);
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    for (String name : names) {
      maybeFail("sync", name);
    }
    in.sync(names);
    unsynced.removeAll(names);
  }

  @Override
  public void syncMetaData() throws IOException {
    maybeFail("sync directory metadata", "segments");
    in.syncMetaData();
  }

  @Override
  public void rename(String source, String dest) throws IOException {
    maybeFail("rename to " + dest, source);
    in.rename(source, dest);
    if (unsynced.remove(source)) {
      unsynced.add(dest);
    }
    listener.accept("rename", dest);
  }

  @Override
  public void deleteFile(String name) throws IOException {
    maybeFail("delete", name);
    long length = in.fileLength(name);
    in.deleteFile(name);
    used.addAndGet(-length);
    unsynced.remove(name);
  }

  /**
   * What a disk would hold after a power cut now: synced files intact; each file written since its last sync
   * lost, cut short, or with garbage in it.
   */
  public Directory crashImage(Random damage) throws IOException {
    ByteBuffersDirectory image = new ByteBuffersDirectory();
    for (String name : in.listAll()) {
      byte[] bytes;
      try (IndexInput input = in.openInput(name, IOContext.READONCE)) {
        bytes = new byte[(int) input.length()];
        input.readBytes(bytes, 0, bytes.length);
      } catch (IOException | RuntimeException e) {
        continue; // deleted meanwhile
      }
      if (unsynced.contains(name)) {
        int what = damage.nextInt(3);
        if (what == 0) {
          continue;
        } else if (what == 1) {
          bytes = java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : damage.nextInt(bytes.length));
        } else if (bytes.length > 0) {
          for (int i = 0; i < 1 + bytes.length / 64; i++) {
            bytes[damage.nextInt(bytes.length)] = (byte) damage.nextInt(256);
          }
        }
      }
      try (IndexOutput out = image.createOutput(name, IOContext.DEFAULT)) {
        out.writeBytes(bytes, bytes.length);
      }
    }
    return image;
  }

  /** Fails writes at random and when the disk is full. */
  private final class FaultyOutput extends IndexOutput {
    private final IndexOutput delegate;

    FaultyOutput(IndexOutput delegate) {
      super("faulty(" + delegate + ")", delegate.getName());
      this.delegate = delegate;
    }

    @Override
    public void writeByte(byte b) throws IOException {
      reserve(getName(), 1);
      delegate.writeByte(b);
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) throws IOException {
      maybeFail("write", getName());
      reserve(getName(), length);
      delegate.writeBytes(b, offset, length);
    }

    @Override
    public long getFilePointer() {
      return delegate.getFilePointer();
    }

    @Override
    public long getChecksum() throws IOException {
      return delegate.getChecksum();
    }

    @Override
    public void close() throws IOException {
      try {
        maybeFail("close", getName());
      } finally {
        delegate.close();
      }
    }
  }
}
