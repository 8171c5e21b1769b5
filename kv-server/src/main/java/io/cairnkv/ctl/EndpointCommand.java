package io.cairnkv.ctl;

import io.cairnkv.client.KvException;
import io.cairnkv.client.Member;
import io.cairnkv.client.MemberHash;
import io.cairnkv.client.MemberStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kvctl endpoint status|hash}: asks every member about itself. */
@Command(name = "endpoint", mixinStandardHelpOptions = true, description = "Per-member status and content digests.",
    subcommands = {EndpointCommand.Status.class, EndpointCommand.Hash.class})
final class EndpointCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: status or hash");
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = {"Prints id, address, role, term, commit and applied index, revision",
      "and leader of every member. Exits 1 if any member does not answer."})
  static final class Status extends KvctlCommand {
    @Override
    public Integer call() {
      int unreachable = 0;
      List<Object> rows = new ArrayList<>();
      if (!json()) {
        out().printf("%-8s %-22s %-9s %6s %10s %10s %10s %-8s%n", "ID", "ADDRESS", "ROLE", "TERM", "COMMIT",
            "APPLIED", "REVISION", "LEADER");
      }
      for (Member m : client().members()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id());
        row.put("address", m.address());
        try {
          MemberStatus s = client().status(m);
          row.put("role", s.role());
          row.put("term", s.raftTerm());
          row.put("commit_index", s.commitIndex());
          row.put("applied_index", s.appliedIndex());
          row.put("revision", s.revision());
          row.put("leader", s.leaderId());
          if (!json()) {
            out().printf("%-8s %-22s %-9s %6d %10d %10d %10d %-8s%n", m.id(), m.address(), s.role(), s.raftTerm(),
                s.commitIndex(), s.appliedIndex(), s.revision(), s.leaderId().isEmpty() ? "-" : s.leaderId());
          }
        } catch (KvException e) {
          unreachable++;
          row.put("error", e.code() + ": " + e.getMessage());
          if (!json()) {
            out().printf("%-8s %-22s UNREACHABLE (%s)%n", m.id(), m.address(), e.getMessage());
          }
        }
        rows.add(row);
      }
      if (json()) {
        printJson(Map.of("members", rows));
      }
      out().flush();
      return unreachable == 0 ? 0 : 1;
    }
  }

  @Command(name = "hash", mixinStandardHelpOptions = true, description = {"Prints a SHA-256 digest of every member's content with the revision",
      "it was taken at; members at the same revision must agree. Exits 1 if any member does not answer."})
  static final class Hash extends KvctlCommand {
    @Override
    public Integer call() {
      int unreachable = 0;
      List<Object> rows = new ArrayList<>();
      for (Member m : client().members()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id());
        try {
          MemberHash h = client().hash(m);
          row.put("revision", h.revision());
          row.put("keys", h.keyCount());
          row.put("sha256", h.sha256());
          if (!json()) {
            out().printf("%-8s revision %-10d keys %-10d %s%n", m.id(), h.revision(), h.keyCount(), h.sha256());
          }
        } catch (KvException e) {
          unreachable++;
          row.put("error", e.code() + ": " + e.getMessage());
          if (!json()) {
            out().printf("%-8s UNREACHABLE (%s)%n", m.id(), e.getMessage());
          }
        }
        rows.add(row);
      }
      if (json()) {
        printJson(Map.of("members", rows));
      }
      out().flush();
      return unreachable == 0 ? 0 : 1;
    }
  }
}
