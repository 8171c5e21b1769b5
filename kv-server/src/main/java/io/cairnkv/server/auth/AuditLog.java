package io.cairnkv.server.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of admin actions: user, role and permission changes, the auth switch, membership,
 * leadership transfers, snapshots, backups and hashes. Each line says which member recorded it, who
 * asked, what, and the outcome. Written to the logger {@value #LOGGER}, which the server's logback
 * configuration sends to its own file ({@code audit.log} next to the server log). Auth changes are
 * recorded by every member as it applies them; operations outside the log by the member that ran them.
 * Thread-safe.
 */
public final class AuditLog {
  /** Name of the audit logger. */
  public static final String LOGGER = "cairnkv.audit";
  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

  private AuditLog() {}

  /**
   * Records one action.
   *
   * @param memberId the member recording it
   * @param user who asked ({@code anonymous} when auth was off and no credentials came)
   * @param action what was asked, e.g. {@code user add alice}; never a secret
   * @param outcome {@code OK} or a status code name
   * @param detail what happened or why it was refused
   */
  public static void record(String memberId, String user, String action, String outcome, String detail) {
    AUDIT.info("member={} user={} action=\"{}\" outcome={} detail=\"{}\"", memberId, user, action, outcome,
        detail.replace('"', '\''));
  }
}
