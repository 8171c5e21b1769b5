package io.cairnkv.ctl;

import io.cairnkv.client.DeleteResult;
import io.cairnkv.client.GetResult;
import io.cairnkv.client.KeyValue;
import io.cairnkv.client.OpResult;
import io.cairnkv.client.PutResult;
import io.cairnkv.client.TxnResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kvctl txn}: reads compares and operations from standard input (see {@link TxnParser}). */
@Command(name = "txn", mixinStandardHelpOptions = true, description = {"Runs a transaction read from standard input: compares, a blank line,",
    "operations if they all hold, a blank line, operations otherwise. Example:",
    "  value(\"cfg\") = \"old\"", "  ", "  put cfg new", "  ", "  get cfg",
    "Compares: value|version|create|mod(\"KEY\") =|!=|<|> VALUE. Ops: put K V | get K [--prefix] | del K [--prefix]."})
final class TxnCommand extends KvctlCommand {
  /** Where the input comes from; tests replace it. */
  InputStream input = System.in;

  @Override
  public Integer call() throws IOException {
    String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    TxnResult r;
    try {
      r = client().txn(TxnParser.parse(text));
    } catch (TxnParser.TxnSyntaxException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("succeeded", r.succeeded());
      m.put("revision", r.revision());
      List<Object> results = new ArrayList<>();
      for (OpResult op : r.results()) {
        results.add(resultJson(op));
      }
      m.put("results", results);
      printJson(m);
      return 0;
    }
    out().println(r.succeeded() ? "SUCCESS" : "FAILURE");
    for (OpResult op : r.results()) {
      out().println();
      if (op instanceof PutResult) {
        out().println("OK");
      } else if (op instanceof DeleteResult) {
        out().println(((DeleteResult) op).deleted());
      } else if (op instanceof GetResult) {
        for (KeyValue kv : ((GetResult) op).kvs()) {
          out().println(kv.keyUtf8());
          out().println(kv.valueUtf8());
        }
      }
    }
    return 0;
  }

  private static Map<String, Object> resultJson(OpResult op) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (op instanceof PutResult) {
      m.put("put", "OK");
    } else if (op instanceof DeleteResult) {
      m.put("deleted", ((DeleteResult) op).deleted());
    } else if (op instanceof GetResult) {
      List<Object> kvs = new ArrayList<>();
      ((GetResult) op).kvs().forEach(kv -> kvs.add(kvJson(kv)));
      m.put("kvs", kvs);
    }
    return m;
  }
}
