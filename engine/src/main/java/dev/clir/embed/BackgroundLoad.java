package dev.clir.embed;

import dev.clir.model.ModelLoadException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Something native loaded on a thread of its own (a daemon, so that it never keeps the JVM alive), and waiting for it.
 * The wait does not give up when interrupted: a half-made native object would leak, so it finishes and the interrupt
 * is kept for the caller.
 */
final class BackgroundLoad {
  private BackgroundLoad() {}

  /** Starts {@code load} on a thread named {@code name} with {@code stackBytes} of stack (0: the JVM's default). */
  static <T> FutureTask<T> start(String name, long stackBytes, Callable<T> load) {
    FutureTask<T> task = new FutureTask<>(load);
    Thread t = new Thread(null, task, name, stackBytes);
    t.setDaemon(true);
    t.start();
    return task;
  }

  /** What the load made; its failure is rethrown as it was thrown there. */
  static <T> T await(FutureTask<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new ModelLoadException("cannot load: " + cause, cause);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
