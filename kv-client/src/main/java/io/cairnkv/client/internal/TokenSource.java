package io.cairnkv.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the transport gets the token it attaches to every request: none, a fixed token, or tokens
 * obtained with a user name and password and renewed before they expire (at 80% of their lifetime, and
 * again whenever a server refuses one). Thread-safe; at most one authentication runs at a time.
 */
public abstract class TokenSource {
  /** Prefix of every server message that refuses credentials (rather than a permission). */
  public static final String CREDENTIALS_REFUSED = "invalid credentials";

  /** Sends no token. */
  public static final TokenSource NONE = new Fixed("");

  /** The token to attach now; an empty string for none. */
  public abstract CompletableFuture<String> token();

  /** Forgets {@code refused} so that the next {@link #token()} obtains a new one; false if it cannot. */
  public abstract boolean invalidate(String refused);

  /** Always {@code token}. */
  public static TokenSource fixed(String token) {
    return new Fixed(token);
  }

  /** Tokens from {@code authenticator}, renewed as needed. */
  public static TokenSource password(Authenticator authenticator) {
    return new Renewing(authenticator);
  }

  /** Obtains a token from the cluster. */
  @FunctionalInterface
  public interface Authenticator {
    /** A fresh token and its lifetime in ms. */
    CompletableFuture<Issued> authenticate();
  }

  /** A token and its lifetime as the issuing member stated it. */
  public record Issued(String token, long ttlMillis) {}

  private static final class Fixed extends TokenSource {
    private final CompletableFuture<String> token;

    Fixed(String token) {
      this.token = CompletableFuture.completedFuture(token);
    }

    @Override
    public CompletableFuture<String> token() {
      return token;
    }

    @Override
    public boolean invalidate(String refused) {
      return false;
    }
  }

  private static final class Renewing extends TokenSource {
    private final Authenticator authenticator;
    /** The current token with its renewal time (System.nanoTime); null before the first login. */
    private final AtomicReference<CompletableFuture<Held>> current = new AtomicReference<>();

    Renewing(Authenticator authenticator) {
      this.authenticator = authenticator;
    }

    private record Held(String token, long renewAtNanos) {}

    @Override
    public CompletableFuture<String> token() {
      while (true) {
        CompletableFuture<Held> held = current.get();
        if (held != null && (!held.isDone() || usable(held))) {
          return held.thenApply(Held::token);
        }
        CompletableFuture<Held> fresh = new CompletableFuture<>();
        if (current.compareAndSet(held, fresh)) {
          // The local clock measures the lifetime: no dependence on agreement with the server's clock.
          long started = System.nanoTime();
          authenticator.authenticate().whenComplete((issued, failure) -> {
            if (failure != null) {
              current.compareAndSet(fresh, null); // the next request tries again
              fresh.completeExceptionally(failure);
            } else {
              fresh.complete(new Held(issued.token(), started + issued.ttlMillis() * 800_000L));
            }
          });
          return fresh.thenApply(Held::token);
        }
      }
    }

    private static boolean usable(CompletableFuture<Held> held) {
      if (held.isCompletedExceptionally()) {
        return false;
      }
      return System.nanoTime() - held.join().renewAtNanos() < 0;
    }

    @Override
    public boolean invalidate(String refused) {
      CompletableFuture<Held> held = current.get();
      if (held != null && held.isDone() && !held.isCompletedExceptionally() && held.join().token().equals(refused)) {
        current.compareAndSet(held, null);
      }
      return true;
    }
  }
}
