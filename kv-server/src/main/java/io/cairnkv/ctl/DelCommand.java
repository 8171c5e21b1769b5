package io.cairnkv.ctl;

import io.cairnkv.client.DeleteOptions;
import io.cairnkv.client.DeleteResult;
import io.cairnkv.client.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvctl del KEY [--prefix | --range END] [--prev-kv]}. */
@Command(name = "del", mixinStandardHelpOptions = true, description = "Deletes a key, a prefix or a range; prints how many keys were deleted.")
final class DelCommand extends KvctlCommand {
  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @ArgGroup(exclusive = true)
  Range range = new Range();

  static final class Range {
    @Option(names = "--prefix", description = "Every key starting with KEY.")
    boolean prefix;

    @Option(names = "--range", paramLabel = "END", description = "Keys in [KEY, END).")
    String end;
  }

  @Option(names = "--prev-kv", description = "Also print the deleted keys and values.")
  boolean prevKv;

  @Override
  public Integer call() {
    DeleteOptions.Builder options = DeleteOptions.builder();
    if (range.prefix) {
      options.prefix();
    } else if (range.end != null) {
      options.rangeEnd(utf8(range.end));
    }
    if (prevKv) {
      options.prevKv();
    }
    DeleteResult r = client().delete(utf8(key), options.build());
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("revision", r.revision());
      m.put("deleted", r.deleted());
      List<Object> prev = new ArrayList<>();
      r.prevKvs().forEach(kv -> prev.add(kvJson(kv)));
      m.put("prev_kvs", prev);
      printJson(m);
    } else {
      out().println(r.deleted());
      for (KeyValue kv : r.prevKvs()) {
        out().println(kv.keyUtf8());
        out().println(kv.valueUtf8());
      }
    }
    return 0;
  }
}
