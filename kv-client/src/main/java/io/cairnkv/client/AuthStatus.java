package io.cairnkv.client;

/**
 * Whether the cluster checks credentials.
 *
 * @param enabled whether auth is on
 * @param revision grows by one with every change to users, roles or the switch
 */
public record AuthStatus(boolean enabled, long revision) {}
