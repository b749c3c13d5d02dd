package dev.clir.bench.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/** A population of runs: {@code perKind} runs of every kind, each with its own seed drawn from one seed. */
final class SeededRuns {
  private SeededRuns() {}

  static <K, R> List<R> of(K[] kinds, long seed, int perKind, BiFunction<K, Long, R> run) {
    Random seeds = new Random(seed);
    List<R> runs = new ArrayList<>();
    for (K kind : kinds) {
      for (int i = 0; i < perKind; i++) {
        runs.add(run.apply(kind, seeds.nextLong()));
      }
    }
    return runs;
  }
}
