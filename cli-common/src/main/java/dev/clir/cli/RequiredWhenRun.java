package dev.clir.cli;

import java.util.List;

/**
 * A command that needs some of its options when it runs itself but not when one of its subcommands runs
 * ({@code clir-query --index DIR "question"} but {@code clir-query model list}). picocli would demand a parent's
 * {@code required} options from its subcommands too, so these are checked by {@link Cli} instead: missing ones are a
 * usage error before the command runs (so before any model is resolved), and the usage line shows them as required.
 */
public interface RequiredWhenRun {
  /** The options' longest names, e.g. {@code --index}. */
  List<String> requiredWhenRun();
}
