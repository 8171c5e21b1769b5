package io.cairnkv.server.auth;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairnkv.proto.AuthCommand;
import io.cairnkv.proto.AuthQuery;
import io.cairnkv.proto.AuthQueryResponse;
import io.cairnkv.proto.AuthState;
import io.cairnkv.proto.LogEntryPayload;
import io.cairnkv.proto.ReadQuery;
import io.cairnkv.proto.Role;
import io.cairnkv.proto.UserAdd;
import io.cairnkv.proto.UserInfo;
import io.cairnkv.proto.UserRecord;
import io.cairnkv.proto.WireStatus;
import io.cairnkv.proto.WriteCommand;
import io.cairnkv.server.storage.KvReader;
import io.cairnkv.server.storage.KvWriteTxn;
import io.cairnkv.server.storage.StorageException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Authentication and authorization of one replica, between the Ratis adapter and the auth rules.
 *
 * <ul>
 *   <li><b>Before the log</b> ({@link #admit}, on the leader): replaces passwords by salted hashes and
 *   fills in a fresh token signing key, so no secret a client typed reaches the log; refuses early a
 *   request whose credentials are invalid (token expiry is only checked here and on reads).
 *   <li><b>At apply</b> ({@link ApplyScope}): checks every command against the auth state as of its log
 *   position and applies auth commands, writing the new state into the entry's atomic batch. The answer
 *   depends only on the log, so every replica decides the same (etcd checks at apply for the same reason).
 *   <li><b>Reads</b> ({@link #checkQuery}, {@link #answer}): checked against the member's current state.
 * </ul>
 *
 * <p>Thread-safe: the current {@link AuthView} is immutable and swapped after each committed change.
 */
public final class AuthGuard {
  /** Name of the store metadata record that holds the auth state. */
  static final String METADATA = "auth-state";
  private static final String ANONYMOUS = "anonymous";

  private final PasswordHasher hasher;
  private final Duration tokenTtl;
  private final LongSupplier clock;
  private final SecureRandom random = new SecureRandom();
  private volatile AuthView view = AuthView.EMPTY;
  private volatile String memberId = "";

  /**
   * @param hasher hashes new passwords (on the leader)
   * @param tokenTtl lifetime of the tokens this member issues
   * @param clock wall clock in ms, for token expiry
   */
  public AuthGuard(PasswordHasher hasher, Duration tokenTtl, LongSupplier clock) {
    this.hasher = hasher;
    this.tokenTtl = tokenTtl;
    this.clock = clock;
  }

  /** A guard with default hashing, a 10-minute token lifetime and the system clock. */
  public static AuthGuard withDefaults() {
    return new AuthGuard(new PasswordHasher(), Duration.ofMinutes(10), System::currentTimeMillis);
  }

  /** Names this member in audit lines. */
  public void memberId(String memberId) {
    this.memberId = memberId;
  }

  /** Loads the auth state from a freshly opened (or replaced) store. */
  public void load(KvReader reader) {
    view = reader.metadata(METADATA).map(AuthGuard::parse).map(AuthView::new).orElse(AuthView.EMPTY);
  }

  /** The current auth state. */
  public AuthView view() {
    return view;
  }

  private static AuthState parse(byte[] bytes) {
    try {
      return AuthState.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException("the stored auth state is unreadable: " + e.getMessage(), e);
    }
  }

  // ---- before the log

  /**
   * What the leader does with a write before it enters the log.
   *
   * @param payload what to log: the request, with passwords hashed and signing keys filled in
   * @param rewritten whether {@code payload} differs from the request
   * @param denied why the request is refused (PERMISSION_DENIED); empty if it may go on
   */
  public record Admission(LogEntryPayload payload, boolean rewritten, Optional<String> denied) {}

  /** Prepares a write for the log; see {@link Admission}. */
  public Admission admit(LogEntryPayload request) {
    AuthView current = view;
    if (current.enabled()) {
      Authorizer.Resolution who = Authorizer.resolve(current, request.getToken(), request.getTransportUser(),
          clock.getAsLong());
      if (who.caller() == null) {
        request.getCommandsList().stream().filter(WriteCommand::hasAuth).forEach(c -> AuditLog.record(memberId,
            ANONYMOUS, describe(c.getAuth()), WireStatus.PERMISSION_DENIED.name(), who.problem()));
        return new Admission(request, false, Optional.of(who.problem()));
      }
      for (WriteCommand command : request.getCommandsList()) {
        Optional<String> denied = Authorizer.checkWrite(who.caller(), command);
        if (denied.isPresent()) {
          if (command.hasAuth()) {
            // Refused before the log, so no member applies it: the leader that refused it records it.
            AuditLog.record(memberId, who.caller().user(), describe(command.getAuth()),
                WireStatus.PERMISSION_DENIED.name(), denied.get());
          }
          return new Admission(request, false, denied);
        }
      }
    }
    boolean hasSecrets = request.getCommandsList().stream().anyMatch(WriteCommand::hasAuth);
    if (!hasSecrets) {
      return new Admission(request, false, Optional.empty());
    }
    LogEntryPayload.Builder out = request.toBuilder().clearCommands();
    for (WriteCommand command : request.getCommandsList()) {
      out.addCommands(command.hasAuth()
          ? WriteCommand.newBuilder().setAuth(sealSecrets(command.getAuth())).build() : command);
    }
    return new Admission(out.build(), true, Optional.empty());
  }

  private AuthCommand sealSecrets(AuthCommand command) {
    switch (command.getCommandCase()) {
      case USER_ADD:
        return AuthCommand.newBuilder().setUserAdd(hashed(command.getUserAdd())).build();
      case USER_PASSWD:
        return AuthCommand.newBuilder().setUserPasswd(hashed(command.getUserPasswd())).build();
      case AUTH_ENABLE:
        byte[] key = new byte[32];
        random.nextBytes(key);
        return AuthCommand.newBuilder().setAuthEnable(command.getAuthEnable().toBuilder()
            .setSigningKey(ByteString.copyFrom(key))).build();
      default:
        return command;
    }
  }

  private UserAdd hashed(UserAdd user) {
    UserAdd.Builder out = user.toBuilder().clearPassword().clearHash();
    return user.getPassword().isEmpty() ? out.build() : out.setHash(hasher.hash(user.getPassword())).build();
  }

  // ---- at apply

  /** Starts checking and applying the commands of one log entry, whose batch is {@code txn}. */
  public ApplyScope beginApply(KvWriteTxn txn) {
    return new ApplyScope(txn);
  }

  /**
   * The auth side of applying one log entry, whose commands all come from one payload and so one caller.
   * Not thread-safe: the apply thread only.
   */
  public final class ApplyScope {
    private final KvWriteTxn txn;
    private final List<String[]> audit = new ArrayList<>();
    private AuthView pending = view;
    private boolean changed;
    /**
     * The caller as of {@code resolvedIn}: resolved (its token verified) once per entry rather than per
     * command, and again only after an auth command of the entry changed the state.
     */
    private Authorizer.Resolution resolved;
    private AuthView resolvedIn;

    private ApplyScope(KvWriteTxn txn) {
      this.txn = txn;
    }

    /** Why the caller of {@code payload} may not run {@code command}, as of this point in the log. */
    public Optional<String> check(LogEntryPayload payload, WriteCommand command) {
      if (!pending.enabled()) {
        return Optional.empty();
      }
      Authorizer.Resolution who = caller(payload);
      Optional<String> denied = who.caller() == null ? Optional.of(who.problem())
          : Authorizer.checkWrite(who.caller(), command);
      if (denied.isPresent() && command.hasAuth()) {
        audit.add(new String[] {who(payload), describe(command.getAuth()), WireStatus.PERMISSION_DENIED.name(),
            denied.get()});
      }
      return denied;
    }

    /** Applies an (authorized) auth command; its new state goes into the entry's batch. */
    public AuthCommandApplier.Outcome apply(LogEntryPayload payload, AuthCommand command) {
      String who = who(payload);
      AuthCommandApplier.Outcome outcome = AuthCommandApplier.apply(pending, command);
      if (outcome.status() == WireStatus.OK && outcome.state() != pending.state()) {
        pending = new AuthView(outcome.state());
        txn.putMetadata(METADATA, outcome.state().toByteArray());
        changed = true;
      }
      audit.add(new String[] {who, describe(command), outcome.status().name(), outcome.message()});
      return outcome;
    }

    /** The entry's batch was committed: the new state becomes current and the audit lines are written. */
    public void committed() {
      if (changed) {
        view = pending;
      }
      for (String[] line : audit) {
        AuditLog.record(memberId, line[0], line[1], line[2], line[3]);
      }
    }

    private String who(LogEntryPayload payload) {
      Authorizer.Resolution r = caller(payload);
      return r.caller() == null ? ANONYMOUS : r.caller().user();
    }

    private Authorizer.Resolution caller(LogEntryPayload payload) {
      if (resolvedIn != pending) {
        resolved = Authorizer.resolve(pending, payload.getToken(), payload.getTransportUser(), -1);
        resolvedIn = pending;
      }
      return resolved;
    }
  }

  /** A one-line description of an auth command for the audit log; never includes secrets. */
  static String describe(AuthCommand c) {
    switch (c.getCommandCase()) {
      case USER_ADD: return "user add " + c.getUserAdd().getName();
      case USER_DELETE: return "user delete " + c.getUserDelete().getName();
      case USER_PASSWD: return "user passwd " + c.getUserPasswd().getName();
      case USER_GRANT_ROLE: return "user grant-role " + c.getUserGrantRole().getUser() + " "
          + c.getUserGrantRole().getRole();
      case USER_REVOKE_ROLE: return "user revoke-role " + c.getUserRevokeRole().getUser() + " "
          + c.getUserRevokeRole().getRole();
      case ROLE_ADD: return "role add " + c.getRoleAdd().getName();
      case ROLE_DELETE: return "role delete " + c.getRoleDelete().getName();
      case ROLE_GRANT_PERMISSION: return "role grant-permission " + c.getRoleGrantPermission().getRole() + " "
          + c.getRoleGrantPermission().getPermission().getType() + " "
          + Describe.range(c.getRoleGrantPermission().getPermission().getKey(),
              c.getRoleGrantPermission().getPermission().getRangeEnd());
      case ROLE_REVOKE_PERMISSION: return "role revoke-permission " + c.getRoleRevokePermission().getRole() + " "
          + Describe.range(c.getRoleRevokePermission().getPermission().getKey(),
              c.getRoleRevokePermission().getPermission().getRangeEnd());
      case AUTH_ENABLE: return "auth enable";
      case AUTH_DISABLE: return "auth disable";
      default: return "empty auth command";
    }
  }

  // ---- reads and operations outside the log

  /**
   * Who sent {@code query}, if auth is enabled and the query needs a caller.
   *
   * @return the caller; null when auth is disabled or the query is open to anyone
   * @throws Denied when the caller may not run the query
   */
  public Authorizer.Caller checkQuery(ReadQuery query) throws Denied {
    AuthView current = view;
    if (!current.enabled() || query.hasStatus()
        || (query.hasAuth() && (query.getAuth().hasAuthenticate() || query.getAuth().hasStatus()))) {
      return null;
    }
    Authorizer.Resolution who = Authorizer.resolve(current, query.getToken(), query.getTransportUser(),
        clock.getAsLong());
    if (who.caller() == null) {
      throw new Denied(who.problem());
    }
    Optional<String> denied;
    switch (query.getQueryCase()) {
      case RANGE:
        denied = Authorizer.checkRange(who.caller(), query.getRange());
        break;
      case BATCH:
        // Checked read by read when the batch is served (one denied read must not fail the others);
        // here only the caller is established.
        denied = Optional.empty();
        break;
      case AUTH:
        denied = query.getAuth().hasUserGet() && query.getAuth().getUserGet().getName().equals(who.caller().user())
            ? Optional.empty() : Authorizer.requireRoot(who.caller(), "read users and roles");
        break;
      case HASH:
        denied = Authorizer.requireRoot(who.caller(), "compute content hashes");
        break;
      case BACKUP_BEGIN:
      case BACKUP_CHUNK:
      case BACKUP_END:
        denied = Authorizer.requireRoot(who.caller(), "take backups");
        break;
      default:
        denied = Authorizer.requireRoot(who.caller(), "run admin operations");
    }
    if (denied.isPresent()) {
      throw new Denied(denied.get());
    }
    return who.caller();
  }

  /** The name of the caller of an operation outside the log, for the audit log. */
  public String callerName(ReadQuery query) {
    Authorizer.Resolution r = Authorizer.resolve(view, query.getToken(), query.getTransportUser(), -1);
    return r.caller() == null ? ANONYMOUS : r.caller().user();
  }

  /** Records an operation outside the log (membership, snapshot, backup, hash) in the audit log. */
  public void audit(String user, String action, String outcome, String detail) {
    AuditLog.record(memberId, user, action, outcome, detail);
  }

  /** A refused request. */
  public static final class Denied extends Exception {
    private static final long serialVersionUID = 1L;

    Denied(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Answers an auth query that {@link #checkQuery} let through.
   *
   * @return the answer; a status other than OK with a message in {@code error}
   */
  public AuthAnswer answer(AuthQuery query) {
    AuthView current = view;
    AuthQueryResponse.Builder out = AuthQueryResponse.newBuilder()
        .setEnabled(current.enabled()).setAuthRevision(current.state().getRevision());
    switch (query.getQueryCase()) {
      case AUTHENTICATE:
        return authenticate(current, query.getAuthenticate().getName(), query.getAuthenticate().getPassword(), out);
      case STATUS:
        return AuthAnswer.ok(out);
      case USER_GET: {
        Optional<UserRecord> user = current.user(query.getUserGet().getName());
        if (user.isEmpty()) {
          return AuthAnswer.failed(WireStatus.FAILED_PRECONDITION,
              "user '" + query.getUserGet().getName() + "' does not exist");
        }
        return AuthAnswer.ok(out.addUsers(info(user.get())));
      }
      case USER_LIST:
        current.users().forEach(u -> out.addUsers(info(u)));
        return AuthAnswer.ok(out);
      case ROLE_GET: {
        String name = query.getRoleGet().getName();
        if (AuthView.ROOT.equals(name)) {
          return AuthAnswer.ok(out.addRoles(Role.newBuilder().setName(AuthView.ROOT)));
        }
        Optional<Role> role = current.role(name);
        if (role.isEmpty()) {
          return AuthAnswer.failed(WireStatus.FAILED_PRECONDITION, "role '" + name + "' does not exist");
        }
        return AuthAnswer.ok(out.addRoles(role.get()));
      }
      case ROLE_LIST:
        out.addRoles(Role.newBuilder().setName(AuthView.ROOT));
        current.roles().forEach(out::addRoles);
        return AuthAnswer.ok(out);
      default:
        return AuthAnswer.failed(WireStatus.INVALID_ARGUMENT, "empty auth query");
    }
  }

  private AuthAnswer authenticate(AuthView current, String name, String password, AuthQueryResponse.Builder out) {
    if (!current.enabled()) {
      return AuthAnswer.failed(WireStatus.FAILED_PRECONDITION, "auth is not enabled: no credentials are needed");
    }
    Optional<UserRecord> user = current.user(name);
    // The same message for an unknown user and a wrong password: do not reveal which names exist.
    if (user.isEmpty() || !user.get().hasPassword() || !PasswordHasher.matches(password, user.get().getPassword())) {
      return AuthAnswer.failed(WireStatus.PERMISSION_DENIED, "authentication failed: wrong user name or password");
    }
    long ttl = tokenTtl.toMillis();
    String token = TokenService.issue(current.signingKey(),
        new TokenService.Claims(name, user.get().getGeneration(), clock.getAsLong() + ttl));
    return AuthAnswer.ok(out.setToken(token).setTokenTtlMs(ttl));
  }

  private static UserInfo info(UserRecord user) {
    return UserInfo.newBuilder().setName(user.getName()).addAllRoles(user.getRolesList())
        .setHasPassword(user.hasPassword()).build();
  }

  /** An answer to an auth query: a response, or a status and message. */
  public record AuthAnswer(AuthQueryResponse response, WireStatus status, String error) {
    static AuthAnswer ok(AuthQueryResponse.Builder response) {
      return new AuthAnswer(response.build(), WireStatus.OK, "");
    }

    static AuthAnswer failed(WireStatus status, String error) {
      return new AuthAnswer(null, status, error);
    }
  }
}
