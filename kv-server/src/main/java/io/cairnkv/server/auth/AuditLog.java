package io.cairnkv.server.auth;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of admin actions: user, role and permission changes, the auth switch, membership,
 * leadership transfers, snapshots, backups and hashes. Each line says which member recorded it, who
 * asked, what, and the outcome. Written to the logger {@value #LOGGER}: to the server log like every
 * logger, and, through a file appender each server attaches at start ({@link #writeTo}), to its own
 * {@code audit.log} in the member's data directory. Auth changes are
 * recorded by every member as it applies them; operations outside the log by the member that ran them.
 * Thread-safe.
 */
public final class AuditLog {
  /** Name of the audit logger. */
  public static final String LOGGER = "cairnkv.audit";
  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

  private AuditLog() {}

  /**
   * Also writes the audit lines to {@code file} (appending), when logback is the logging backend; a
   * second call for the same file does nothing.
   */
  public static synchronized void writeTo(Path file) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
    String name = appenderName(file);
    if (logger.getAppender(name) != null) {
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    logger.addAppender(appender);
  }

  /** Stops writing to {@code file} (the server is stopping) and closes it. */
  public static synchronized void stopWritingTo(Path file) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
      ch.qos.logback.classic.Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(LOGGER);
      Appender<ILoggingEvent> appender = logger.getAppender(appenderName(file));
      if (appender != null) {
        logger.detachAppender(appender);
        appender.stop();
      }
    }
  }

  private static String appenderName(Path file) {
    return "audit:" + file.toAbsolutePath().normalize();
  }

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
