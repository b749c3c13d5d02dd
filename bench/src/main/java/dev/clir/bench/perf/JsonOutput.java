package dev.clir.bench.perf;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --json FILE} option every measuring subcommand shares: the raw result, kept beside the printed figures. */
public final class JsonOutput {
  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to this file.")
  Path file;

  /** Writes {@code result} to the file when {@code --json} was given. */
  public void writeIfAsked(Object result) {
    if (file != null) {
      Json.write(file, result);
    }
  }
}
