package dev.clir.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal progress bar the CLIs plug in. */
class ProgressBarDownloadListenerTest {
  @Test
  void drawsABarForLargeFilesOnlyAndPrintsNotices() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBarDownloadListener l = new ProgressBarDownloadListener(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    l.fileStarted("tokenizer.json", 0, 1000);
    l.fileProgressed("tokenizer.json", 1000);
    l.fileFinished("tokenizer.json");
    l.fileStarted("onnx/model.onnx", 1 << 20, 8 << 20);
    l.fileProgressed("onnx/model.onnx", 8 << 20);
    l.fileFinished("onnx/model.onnx");
    l.notice("waiting for another download");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("onnx/model.onnx").contains("8/8").contains("MiB").doesNotContain("tokenizer.json");
    assertThat(out).endsWith("waiting for another download" + System.lineSeparator());
  }
}
