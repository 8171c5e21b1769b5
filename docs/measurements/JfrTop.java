// Summarizes where a JVM's CPU went in a JFR recording: CPU by thread group (jdk.ThreadCPULoad), execution
// samples by thread group, the hottest leaf methods, and the hottest methods by inclusive samples (a method
// counts once per sample whose stack contains it). Thread names have their numbers collapsed, so pools
// aggregate. Uses only the JDK's jdk.jfr.consumer API. Run from the repo root:
//   java docs/measurements/JfrTop.java leader.jfr [top] [prefix]
// With a prefix (e.g. io.cairnkv.), it also lists the hottest methods whose names start with it.
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

public class JfrTop {
  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Map<String, Long> samplesByThread = new HashMap<>();
    Map<String, Long> leaf = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, double[]> cpuByThread = new HashMap<>(); // sum of load, and the number of periods seen
    Map<String, Set<String>> threadsInGroup = new HashMap<>();
    long samples = 0;
    double jvmCpu = 0;
    double machineCpu = 0;
    long cpuEvents = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      switch (e.getEventType().getName()) {
        case "jdk.ExecutionSample": {
          samples++;
          RecordedThread t = e.getThread("sampledThread");
          samplesByThread.merge(group(t), 1L, Long::sum);
          List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
          if (!frames.isEmpty()) {
            leaf.merge(name(frames.get(0)), 1L, Long::sum);
          }
          Set<String> seen = new HashSet<>();
          for (RecordedFrame f : frames) {
            if (seen.add(name(f))) {
              inclusive.merge(name(f), 1L, Long::sum);
            }
          }
          break;
        }
        case "jdk.ThreadCPULoad": {
          RecordedThread t = e.getThread("eventThread");
          String g = group(t);
          threadsInGroup.computeIfAbsent(g, k -> new HashSet<>()).add(t == null ? "?" : t.getJavaName());
          double[] acc = cpuByThread.computeIfAbsent(t == null ? "?" : t.getJavaName() + "\u0000" + g,
              k -> new double[2]);
          acc[0] += e.getFloat("user") + e.getFloat("system");
          acc[1]++;
          break;
        }
        case "jdk.CPULoad":
          jvmCpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
          machineCpu += e.getFloat("machineTotal");
          cpuEvents++;
          break;
        default:
          break;
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    if (cpuEvents > 0) {
      System.out.printf("JVM CPU %.0f%% of the machine (%.2f cores of %d); whole machine busy %.0f%%%n",
          100 * jvmCpu / cpuEvents, cores * jvmCpu / cpuEvents, cores, 100 * machineCpu / cpuEvents);
    }
    // A thread's load is a share of the whole machine; average it over the periods it was seen, then add
    // the threads of a group.
    Map<String, Double> cpuByGroup = new HashMap<>();
    cpuByThread.forEach((k, acc) -> cpuByGroup.merge(k.substring(k.indexOf('\u0000') + 1), acc[0] / acc[1],
        Double::sum));
    System.out.println("\nCPU by thread group (% of one core, averaged over the recording):");
    cpuByGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
        .forEach(x -> System.out.printf("  %6.1f%%  %s (%d threads)%n", 100 * cores * x.getValue(), x.getKey(),
            threadsInGroup.get(x.getKey()).size()));
    System.out.printf("%nExecution samples: %d%n", samples);
    print("Samples by thread group", samplesByThread, samples, top);
    print("Hottest leaf methods (self time)", leaf, samples, top);
    print("Hottest methods, inclusive (application and library frames)", filter(inclusive), samples, top);
    if (args.length > 2) {
      Map<String, Long> mine = new HashMap<>();
      inclusive.forEach((k, v) -> {
        if (k.startsWith(args[2])) {
          mine.put(k, v);
        }
      });
      print("Hottest methods under " + args[2] + ", inclusive", mine, samples, top);
    }
  }

  /** Leaves out JDK plumbing that is on every stack (Thread.run, executors) so the list says something. */
  private static Map<String, Long> filter(Map<String, Long> inclusive) {
    Map<String, Long> out = new HashMap<>();
    inclusive.forEach((k, v) -> {
      if (!k.startsWith("java.") && !k.startsWith("jdk.") && !k.startsWith("sun.")
          && !k.contains("netty.util.concurrent.SingleThreadEventExecutor") && !k.contains("FastThreadLocalRunnable")
          && !k.contains("ThreadExecutorMap") && !k.contains("epoll.EpollEventLoop.run") && !k.contains("$$Lambda")) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static void print(String title, Map<String, Long> counts, long total, int top) {
    System.out.println("\n" + title + ":");
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(x -> System.out.printf("  %5.1f%%  %5d  %s%n", 100.0 * x.getValue() / Math.max(1, total), x.getValue(),
            x.getKey()));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** The thread's name with digit runs collapsed to N: pool threads aggregate. */
  private static String group(RecordedThread t) {
    String n = t == null ? "?" : t.getJavaName();
    return n == null ? "?" : n.replaceAll("[0-9]+", "N");
  }
}
