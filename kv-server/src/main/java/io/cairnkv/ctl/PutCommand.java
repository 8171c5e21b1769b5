package io.cairnkv.ctl;

import io.cairnkv.client.PutResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvctl put KEY VALUE}. */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Stores VALUE at KEY.")
final class PutCommand extends KvctlCommand {
  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE")
  String value;

  @Option(names = "--prev-kv", description = "Print the previous value.")
  boolean prevKv;

  @Override
  public Integer call() {
    PutResult r = client().putAsync(utf8(key), utf8(value), prevKv).join();
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("revision", r.revision());
      r.prevKv().ifPresent(kv -> m.put("prev_kv", kvJson(kv)));
      printJson(m);
    } else {
      out().println("OK");
      r.prevKv().ifPresent(kv -> {
        out().println(kv.keyUtf8());
        out().println(kv.valueUtf8());
      });
    }
    return 0;
  }
}
