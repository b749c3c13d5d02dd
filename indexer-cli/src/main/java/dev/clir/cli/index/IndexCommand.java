package dev.clir.cli.index;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "clir-index", mixinStandardHelpOptions = true, description = "Index English documents for cross-lingual search.")
public final class IndexCommand implements Runnable {
  @Override
  public void run() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new IndexCommand()).execute(args));
  }
}
