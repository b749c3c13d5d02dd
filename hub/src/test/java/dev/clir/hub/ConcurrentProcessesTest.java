package dev.clir.hub;

import dev.clir.model.ModelRef;
import dev.clir.model.OnnxVariant;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes downloading the same model into the same cache: the file lock makes one wait for the other. */
class ConcurrentProcessesTest {
  @TempDir Path cache;

  @Test
  void aSecondProcessWaitsAndFindsTheDownloadDone() throws Exception {
    byte[] graph = new byte[200_000];
    new Random(7).nextBytes(graph);
    try (FakeHub hub = new FakeHub()) {
      hub.repo("acme/encoder", "0123456789abcdef0123456789abcdef01234567").file("tokenizer.json", "{}").lfsFile("onnx/model.onnx", graph);
      hub.slowCdn(1000);
      Path target = cache.resolve("acme--encoder/main");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DownloadInAnotherProcess.class.getName(),
          hub.endpoint(), "acme/encoder", target.toString()).redirectErrorStream(true).start();
      // Let the child take the lock first (it is then stuck on the slow CDN), then download here too.
      waitForRequest(hub, "cdn");
      Path here = HubDownloader.builder().endpoint(hub.endpoint()).build().download(new ModelRef("acme/encoder", null), OnnxVariant.FLOAT, target);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("done: " + target);
      assertThat(here).isEqualTo(target);
      assertThat(target.resolve("onnx/model.onnx")).hasBinaryContent(graph);
      List<FakeHub.Request> cdn = hub.requests("cdn");
      assertThat(cdn).as("downloaded once, by the child").hasSize(1);
    }
  }

  private static void waitForRequest(FakeHub hub, String server) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (hub.requests(server).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the child process never reached the " + server);
      }
      Thread.sleep(20);
    }
  }
}
