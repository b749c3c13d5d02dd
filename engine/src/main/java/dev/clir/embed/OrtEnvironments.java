package dev.clir.embed;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ONNX Runtime's process-wide environment, created where it cannot crash the JVM.
 *
 * <p>ONNX Runtime 1.29 sets up its telemetry when the environment is created and, on Linux, matches regular
 * expressions (libstdc++'s {@code std::regex}, which recurses for every character) against the process command
 * line. A command line of a few thousand characters, such as a long question passed to {@code clir-query}, then
 * overflows the 1 MiB stack of the JVM's main thread and the process dies with SIGSEGV, with no message and no
 * error report. So the environment is created once, on a thread whose stack grows with the command line;
 * {@code ORT_DISABLE_TELEMETRY=1} in the environment skips that code altogether.
 */
public final class OrtEnvironments {
  /** Measured: about 220 bytes of native stack per command-line character; twice that, plus room for the rest. */
  static final long STACK_BYTES_PER_CHAR = 512;
  static final long BASE_STACK_BYTES = 16L << 20;

  private static volatile OrtEnvironment environment;

  private OrtEnvironments() {}

  /** The environment ({@link OrtEnvironment#getEnvironment()}), created on a thread with a large enough stack. */
  public static OrtEnvironment get() {
    OrtEnvironment env = environment;
    if (env != null) {
      return env;
    }
    synchronized (OrtEnvironments.class) {
      if (environment == null) {
        OrtNativeLibraries.useCache(); // before ONNX Runtime loads its native library
        environment = createOnLargeStack();
      }
      return environment;
    }
  }

  private static OrtEnvironment createOnLargeStack() {
    // the environment is needed either way: an interrupt does not stop its creation (BackgroundLoad.await)
    return BackgroundLoad.await(BackgroundLoad.start("clir-onnxruntime-init", stackBytes(commandLineLength()),
        OrtEnvironment::getEnvironment));
  }

  static long stackBytes(long commandLineChars) {
    return BASE_STACK_BYTES + STACK_BYTES_PER_CHAR * commandLineChars;
  }

  /** Length of this process's command line as the native side sees it, or 0 when unknown. */
  static long commandLineLength() {
    Path proc = Path.of("/proc/self/cmdline");
    if (Files.isReadable(proc)) {
      try {
        return Files.readAllBytes(proc).length;
      } catch (IOException | RuntimeException e) {
        // fall back to what the JDK knows
      }
    }
    return ProcessHandle.current().info().commandLine().map(String::length).orElse(0);
  }
}
