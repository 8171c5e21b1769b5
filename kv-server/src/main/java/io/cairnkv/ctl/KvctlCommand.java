package io.cairnkv.ctl;

import io.cairnkv.client.KeyValue;
import io.cairnkv.client.KvClient;
import io.cairnkv.server.http.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of kvctl commands: access to the global options, the client and the output. */
public abstract class KvctlCommand implements Callable<Integer> {
  /** Injected by picocli. */
  @Spec
  protected CommandSpec spec;

  /** The root command with the global options. */
  protected Kvctl root() {
    return (Kvctl) spec.root().userObject();
  }

  /** The shared client. */
  protected KvClient client() {
    return root().client();
  }

  /** Whether JSON output was requested. */
  protected boolean json() {
    return root().json();
  }

  /** Standard output. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints {@code value} as one line of JSON. */
  protected void printJson(Object value) {
    out().println(Json.write(value));
    out().flush();
  }

  /** Standard error. */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> kvJson(KeyValue kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", kv.keyUtf8());
    m.put("value", kv.valueUtf8());
    m.put("create_revision", kv.createRevision());
    m.put("mod_revision", kv.modRevision());
    m.put("version", kv.version());
    return m;
  }
}
