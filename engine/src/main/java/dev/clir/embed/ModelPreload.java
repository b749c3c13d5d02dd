package dev.clir.embed;

import ai.djl.huggingface.tokenizers.jni.LibUtils;
import dev.clir.model.ModelDirectory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads, on a background thread, what opening any model needs whichever model it is: the JSON reader for its files,
 * ONNX Runtime's environment and the Hugging Face tokenizers' native library. A program that first has to find out
 * which model to open (clir-query reads it from the index) starts this, and the model opens in about half the time.
 */
public final class ModelPreload {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private ModelPreload() {}

  /** Starts loading, once per process; returns at once. */
  public static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    // a failure stays in the task: the load that needs them fails the same way and says why there
    BackgroundLoad.start("clir-model-preload", 0, () -> {
      ModelDirectory.prepare();
      OrtEnvironments.get();
      LibUtils.checkStatus();
      return null;
    });
  }
}
