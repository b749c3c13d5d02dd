package dev.clir.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clir.hub.FakeHubAccess;
import dev.clir.hub.RealRepositoryLayouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clir-query model pull} through the shipped jar against a fake hub serving the file lists of three real
 * repositories (intfloat's, a sentence-transformers one and a transformers.js one): the float graph by default, and with
 * {@code --quantized} an int8 graph the repository has, or, where it has none for this machine's CPU, an error that
 * lists the graphs it does have and names {@code --onnx-file}. Which int8 graph fits depends on the CPU the test runs
 * on, so the test accepts either outcome but nothing else (the choice per CPU is {@code RealRepositoryLayoutsTest}'s).
 */
class ModelPullIT {
  static final Path QUERY_JAR = ShippedJarsIT.QUERY_JAR;

  @TempDir static Path home;
  static FakeHubAccess hub;

  @BeforeAll
  static void startHub() throws IOException {
    hub = FakeHubAccess.publishRealLayouts();
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  record Run(int exit, String out, String err) {}

  static Run pull(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        QUERY_JAR.toString(), "model", "pull"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("CLIR_") || k.startsWith("XDG_"));
    env.put("HF_ENDPOINT", hub.endpoint());
    env.put("HOME", home.toString());
    env.put("CLIR_CACHE", home.resolve("clir").toString());
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: %s", cmd).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The ONNX graphs in the folder a successful pull printed ("ID@REV -> FOLDER"). */
  static List<String> graphsIn(Run r) throws IOException {
    Path folder = Path.of(r.out().strip().replaceAll("^.* -> ", ""));
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".onnx")).map(f -> folder.relativize(f).toString()).sorted().toList();
    }
  }

  @Test
  void byDefaultEachRepositoryGivesItsFloatGraph() throws Exception {
    for (String id : RealRepositoryLayouts.FILES.keySet()) {
      Run r = pull(id);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(graphsIn(r)).as(id).containsExactly("onnx/model.onnx");
    }
  }

  @Test
  void quantizedPicksAnInt8GraphTheRepositoryHasOrListsTheChoices() throws Exception {
    for (Map.Entry<String, List<String>> repo : RealRepositoryLayouts.FILES.entrySet()) {
      Run r = pull("--quantized", repo.getKey());
      List<String> int8 = repo.getValue().stream().filter(f -> f.endsWith(".onnx") && f.matches(".*(qint8|quint8|quantized).*")).toList();
      if (r.exit() == 0) {
        assertThat(graphsIn(r)).as(repo.getKey()).singleElement().isIn(int8);
      } else {
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        List<String> graphs = repo.getValue().stream().filter(f -> f.endsWith(".onnx")).toList();
        assertThat(r.err()).as(repo.getKey()).contains("has no int8 ONNX graph for this CPU")
            .contains("Its ONNX graphs: " + String.join(", ", graphs)).contains("--onnx-file");
      }
    }
  }

  @Test
  void onnxFileDownloadsTheNamedGraph() throws Exception {
    Run r = pull("--onnx-file", "onnx/model_qint8_avx512_vnni.onnx", RealRepositoryLayouts.INTFLOAT);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(graphsIn(r)).containsExactly("onnx/model_qint8_avx512_vnni.onnx");
  }
}
