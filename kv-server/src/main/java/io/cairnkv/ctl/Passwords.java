package io.cairnkv.ctl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Where kvctl gets passwords: given on the command line, from the environment, typed at a prompt (not
 * echoed), or, without a terminal, the first line of standard input (for scripts).
 */
final class Passwords {
  private Passwords() {}

  /**
   * The password to use: {@code given} if set, else {@code $envName} if set, else read.
   *
   * @throws CommandLine.ParameterException if none can be obtained
   */
  static String obtain(CommandLine cli, String given, String envName, String prompt) {
    if (given != null) {
      return given;
    }
    String env = envName == null ? null : System.getenv(envName);
    if (env != null) {
      return env;
    }
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("%s: ", prompt);
      if (typed != null) {
        return new String(typed);
      }
    } else {
      try {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line != null) {
          return line;
        }
      } catch (IOException e) {
        throw new CommandLine.ParameterException(cli, prompt + ": cannot read standard input: " + e.getMessage());
      }
    }
    throw new CommandLine.ParameterException(cli, prompt + ": no password given"
        + (envName == null ? "" : " (pass it, set " + envName + ",") + " or type it at the prompt)");
  }
}
