package io.cairnkv.bench.compare;

import io.cairnkv.bench.load.RunResult;
import java.util.Locale;

/**
 * One measured cell of the comparison: a system running a workload at a number of requests in flight.
 * Stored between the per-system runs as one tab-separated line, so that {@link CompareReport} can join
 * runs made in different JVMs (each peer runs on its own class path).
 *
 * @param system {@code cairn}, {@code etcd} or {@code rheakv}
 * @param workload a {@link CompareWorkload#label}
 * @param inflight requests in flight
 * @param opsPerSec successful requests per second
 * @param p50Ms median latency
 * @param p99Ms 99th percentile latency
 * @param errors failed requests
 */
public record CompareCell(String system, String workload, int inflight, double opsPerSec, double p50Ms, double p99Ms,
    long errors) {
  private static final int FIELDS = 7;

  /** The cell of {@code result}, reported under {@code system}. */
  static CompareCell of(String system, RunResult result) {
    return new CompareCell(system, result.workload(), result.inflight(), result.opsPerSec(), result.p50Ms(),
        result.p99Ms(), result.errors());
  }

  /** This cell as one line without its line break: the fields in declaration order, tab-separated. */
  String toLine() {
    return String.format(Locale.ROOT, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%d", system, workload, inflight, opsPerSec, p50Ms,
        p99Ms, errors);
  }

  /**
   * Parses a line written by {@link #toLine}.
   *
   * @throws IllegalArgumentException if it has not exactly seven fields or a number does not parse
   */
  static CompareCell parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != FIELDS) {
      throw new IllegalArgumentException("expected " + FIELDS + " tab-separated fields, got " + f.length + ": " + line);
    }
    try {
      return new CompareCell(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5]), Long.parseLong(f[6]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in: " + line, e);
    }
  }
}
