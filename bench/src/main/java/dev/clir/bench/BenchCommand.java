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
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code clir-bench}: each subcommand measures one thing and prints its figures. */
@Command(
    name = "clir-bench",
    mixinStandardHelpOptions = true,
    version = "clir-bench 0.1.0",
    description = {"Benchmarks of clir that print figures. Speed targets live here, never in timed unit tests.",
        "Figures are only comparable within one run on one machine: read them as ratios."},
    subcommands = {EmbeddingBench.class, PeerBench.class, LatencyBench.class, CliBench.class, MemoryBench.class,
        HnswBench.class, IndexingBench.class, ReportCommand.class, ReliabilityCommand.class, QualityCommand.class,
        LearnFusionCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand {
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}
