package dev.clir.cli.index;

import dev.clir.cli.testing.CliRun;
import dev.clir.testing.TestModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Small inputs for clir-index tests, and running it in-process with the English test model. */
final class Inputs {
  private Inputs() {}

  /** Three short English documents with metadata, as JSON Lines. */
  static final String THREE_DOCS = """
      {"id": "d1", "title": "Reset your password", "text": "Choose Forgot password on the sign-in screen and follow the link we email you.", "url": "https://help.example/d1", "lang": "en", "meta": {"category": "account"}}
      {"id": "d2", "title": "Refunds", "text": "Store orders can be refunded within 30 days from the Orders page.", "meta": {"category": "billing"}}
      {"id": "d3", "title": "Router lights", "text": "A blinking orange light on the router means it has no internet connection.", "meta": {"category": "devices"}}
      """;

  /** One short document as a JSON line (no newline). */
  static String doc(String id, String text) {
    return "{\"id\": \"" + id + "\", \"title\": \"Article " + id + "\", \"text\": \"" + text + "\"}";
  }

  static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of testdata/kb.jsonl with these ids, in file order. */
  static List<String> kb(Set<String> ids) {
    try (Stream<String> lines = Files.lines(TestModel.projectRoot().resolve("testdata/kb.jsonl"))) {
      List<String> out = new ArrayList<>();
      lines.filter(l -> ids.stream().anyMatch(id -> l.startsWith("{\"id\": \"" + id + "\""))).forEach(out::add);
      if (out.size() != ids.size()) {
        throw new IllegalStateException("testdata/kb.jsonl has " + out.size() + " of the ids " + ids);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String model() {
    return TestModel.dir().toString();
  }

  /** clir-index with the given arguments, in this JVM. */
  static CliRun.Result index(String... args) {
    return CliRun.run(new IndexCommand(), args);
  }

  /** clir-index --index INDEX --model TEST-MODEL --input INPUT, then the extra arguments. */
  static CliRun.Result index(Path index, Path input, String... extra) {
    List<String> args = new ArrayList<>(List.of("--index", index.toString(), "--model", model(), "--input", input.toString()));
    args.addAll(List.of(extra));
    return index(args.toArray(String[]::new));
  }
}
