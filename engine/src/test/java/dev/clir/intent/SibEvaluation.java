package dev.clir.intent;

import dev.clir.embed.Embedder;
import dev.clir.embed.OnnxEmbedder;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the intent evaluations and writes their reports (text, Markdown, JSON) to {@code engine/target/intent-eval}:
 * SIB-200 transfer from {@code ../shared/data/sib200} and abstention on {@code testdata/intents}. Uses the English
 * test model unless {@code --model DIR} names another model directory. Arguments: {@code [sib] [intents]
 * [--model DIR] [--out DIR]}; with neither {@code sib} nor {@code intents}, both run.
 *
 * <pre>
 * bin/mvn -B -q -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp engine/target/classes:engine/target/test-classes:$(cat engine/target/cp.txt) dev.clir.intent.SibEvaluation
 * </pre>
 */
public final class SibEvaluation {
  private SibEvaluation() {}

  public static void main(String[] args) throws IOException {
    List<String> what = new ArrayList<>();
    Path model = null;
    Path root = TestModel.projectRoot();
    Path out = root.resolve("engine/target/intent-eval");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "sib", "intents" -> what.add(args[i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use [sib] [intents] [--model DIR] [--out DIR]");
      }
    }
    if (what.isEmpty()) {
      what = List.of("sib", "intents");
    }
    Files.createDirectories(out);
    Embedder embedder = model == null ? TestModel.embedder() : OnnxEmbedder.open(model);
    try {
      if (what.contains("intents")) {
        long t0 = System.nanoTime();
        IntentSetReport r = IntentEvaluation.intentSet(embedder, root.resolve("testdata/intents"), IntentEvaluation.allClassifiers());
        write(out, "intents", r.toText(), r.toMarkdown(), r.toJson(), t0);
      }
      if (what.contains("sib")) {
        long t0 = System.nanoTime();
        SibReport r = IntentEvaluation.sib200(embedder, root.resolve("../shared/data/sib200").normalize());
        write(out, "sib200", r.toText(), r.toMarkdown(), r.toJson(), t0);
      }
    } finally {
      if (model != null) {
        embedder.close();
      }
    }
  }

  private static void write(Path out, String name, String text, String markdown, String json, long t0) throws IOException {
    System.out.println(text);
    System.out.printf("(%.1f s; also %s.md and %s.json in %s)%n%n", (System.nanoTime() - t0) / 1e9, name, name, out);
    Files.writeString(out.resolve(name + ".txt"), text);
    Files.writeString(out.resolve(name + ".md"), markdown);
    Files.writeString(out.resolve(name + ".json"), json);
  }
}
