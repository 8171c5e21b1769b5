package io.cairnkv.ctl;

import io.cairnkv.client.GetOptions;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyRange;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.ReadConsistency;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvctl get KEY [--prefix | --range END | --from-key] ...}. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Reads a key, a prefix or a range; prints each key then its value.")
final class GetCommand extends KvctlCommand {
  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @ArgGroup(exclusive = true)
  Range range = new Range();

  static final class Range {
    @Option(names = "--prefix", description = "Every key starting with KEY.")
    boolean prefix;

    @Option(names = "--range", paramLabel = "END", description = "Keys in [KEY, END).")
    String end;

    @Option(names = "--from-key", description = "Every key >= KEY.")
    boolean fromKey;
  }

  @Option(names = "--limit", defaultValue = "0", description = "At most N keys (0: no limit).")
  long limit;

  @Option(names = "--keys-only", description = "Print keys only.")
  boolean keysOnly;

  @Option(names = "--count-only", description = "Print only the number of keys.")
  boolean countOnly;

  @Option(names = "--reverse", description = "Descending key order.")
  boolean reverse;

  @Option(names = "--consistency", defaultValue = "l", description = "l (linearizable, default) or s "
      + "(serializable: served by any member, may be stale).")
  String consistency;

  @Override
  public Integer call() {
    GetOptions.Builder options = GetOptions.builder().limit(limit);
    if (range.prefix) {
      options.prefix();
    } else if (range.end != null) {
      options.rangeEnd(utf8(range.end));
    } else if (range.fromKey) {
      options.rangeEnd(KeyRange.TO_END);
    }
    if (keysOnly) {
      options.keysOnly();
    }
    if (countOnly) {
      options.countOnly();
    }
    if (reverse) {
      options.reverse();
    }
    switch (consistency) {
      case "l": options.consistency(ReadConsistency.LINEARIZABLE); break;
      case "s": options.consistency(ReadConsistency.SERIALIZABLE); break;
      default:
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--consistency must be l or s, got '" + consistency + "'");
    }
    GetResult r = client().get(utf8(key), options.build());
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("revision", r.revision());
      m.put("count", r.count());
      m.put("more", r.more());
      List<Object> kvs = new ArrayList<>();
      r.kvs().forEach(kv -> kvs.add(kvJson(kv)));
      m.put("kvs", kvs);
      printJson(m);
    } else if (countOnly) {
      out().println(r.count());
    } else {
      for (KeyValue kv : r.kvs()) {
        out().println(kv.keyUtf8());
        if (!keysOnly) {
          out().println(kv.valueUtf8());
        }
      }
    }
    return 0;
  }
}
