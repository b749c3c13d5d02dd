package dev.clir.cli.query;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "clir-query", mixinStandardHelpOptions = true, description = "Ask in any language, get English documents.")
public final class QueryCommand implements Runnable {
  @Override
  public void run() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryCommand()).execute(args));
  }
}
