package io.cairnkv.server.config;

/** Invalid configuration; the message names the key, the value, where it came from and what is expected. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
