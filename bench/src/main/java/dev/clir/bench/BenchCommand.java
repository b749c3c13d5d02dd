package dev.clir.bench;

import dev.clir.bench.perf.CliBench;
import dev.clir.bench.perf.MemoryBench;
import dev.clir.bench.perf.EmbeddingBench;
import dev.clir.bench.perf.HnswBench;
import dev.clir.bench.perf.IndexingBench;
import dev.clir.bench.perf.LatencyBench;
import dev.clir.bench.perf.PeerBench;
import dev.clir.bench.perf.ReportCommand;
import dev.clir.bench.quality.LearnFusionCommand;
import dev.clir.bench.quality.QualityCommand;
import dev.clir.bench.reliability.ReliabilityCommand;
import dev.clir.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code clir-bench}: each subcommand measures one thing and prints its figures. */
@Command(
    name = "clir-bench",
    mixinStandardHelpOptions = true,
    version = "clir-bench 0.1.0",
    description = {"Benchmarks of clir that print figures. Speed targets live here, never in timed unit tests.",
        "Figures are only comparable within one run on one machine: read them as ratios."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  clir-bench report --quick --model engine/target/test-model \\",
        "      --out /tmp/REPORT.md",
        "  clir-bench indexing --model engine/target/test-model",
        "  clir-bench reliability --quick --out /tmp/RELIABILITY.md",
        "  clir-bench quality --help"},
    subcommands = {EmbeddingBench.class, PeerBench.class, LatencyBench.class, CliBench.class, MemoryBench.class,
        HnswBench.class, IndexingBench.class, ReportCommand.class, ReliabilityCommand.class, QualityCommand.class,
        LearnFusionCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand {
  public static void main(String[] args) {
    // Cli: the same exit codes (listed in every --help), error lines and usage errors as clir-index and clir-query
    System.exit(Cli.create(new BenchCommand()).execute(args));
  }
}
