package io.cairnkv.robustness.checker;

import io.cairnkv.robustness.history.Operation;
import io.cairnkv.robustness.history.Operation.Entry;
import io.cairnkv.robustness.history.Operation.Kind;
import io.cairnkv.robustness.history.Operation.Outcome;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a bank history: the initial deposits are {@link Kind#WRITE writes} of each account's balance,
 * then {@link Kind#TRANSFER transfers} move money between accounts atomically and
 * {@link Kind#READ_ALL reads} return every account. Every successful read must return each account
 * exactly once, no other key, no negative balance, and balances that sum to the deposited total:
 * a read that sees half a transfer, or a transfer applied twice or partly, breaks the sum.
 * Stateless and thread-safe.
 */
public final class BankChecker {
  /** This checker's name in verdicts. */
  public static final String NAME = "bank";

  /**
   * Checks {@code history}.
   *
   * @throws IllegalArgumentException if it holds other kinds of operations, or a deposit that is not a number
   */
  public Verdict check(List<Operation> history) {
    long origin = history.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
    Map<String, Long> deposits = new LinkedHashMap<>();
    Map<Outcome, Integer> transfers = new LinkedHashMap<>();
    int reads = 0;
    for (Operation op : history) {
      switch (op.kind()) {
        case WRITE -> {
          if (op.outcome() != Outcome.OK) {
            return Verdict.inconclusive(NAME, "an initial deposit did not succeed: " + op);
          }
          deposits.put(op.key(), Long.parseLong(op.input().get(0)));
        }
        case TRANSFER -> transfers.merge(op.outcome(), 1, Integer::sum);
        case READ_ALL -> reads += op.outcome() == Outcome.OK ? 1 : 0;
        default -> throw new IllegalArgumentException("not a bank operation: " + op);
      }
    }
    long total = deposits.values().stream().mapToLong(Long::longValue).sum();
    Problems problems = new Problems();
    for (Operation op : history) {
      if (op.kind() == Kind.READ_ALL && op.outcome() == Outcome.OK) {
        checkRead(op, deposits, total, problems);
      }
    }
    String summary = deposits.size() + " accounts holding " + total + " in all; transfers " + transfers + "; "
        + reads + " successful reads";
    if (!problems.isEmpty()) {
      return Verdict.violation(NAME, problems.describe() + System.lineSeparator() + summary, problems.witness(),
          origin);
    }
    if (deposits.isEmpty() || reads == 0) {
      return Verdict.inconclusive(NAME, "nothing to check: " + summary);
    }
    return Verdict.ok(NAME, summary);
  }

  private static void checkRead(Operation read, Map<String, Long> deposits, long total, Problems problems) {
    Map<String, Long> balances = new HashMap<>();
    long sum = 0;
    for (String text : read.output()) {
      Entry e = Entry.parse(text);
      long balance;
      try {
        balance = Long.parseLong(e.value());
      } catch (NumberFormatException ex) {
        problems.add("read returned " + e + ", which is not a balance", read);
        return;
      }
      if (!deposits.containsKey(e.key())) {
        problems.add("read returned " + e + ", which is not an account", read);
      } else if (balances.put(e.key(), balance) != null) {
        problems.add("read returned account " + e.key() + " twice", read);
      } else if (balance < 0) {
        problems.add("read returned a negative balance " + e, read);
      }
      sum += balance;
    }
    if (balances.size() != deposits.size()) {
      problems.add("read returned " + balances.size() + " of " + deposits.size() + " accounts", read);
    } else if (sum != total) {
      problems.add("read returned balances summing to " + sum + " instead of " + total, read);
    }
  }
}
