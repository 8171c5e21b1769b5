package io.cairnkv.snapshots;

/** Version of the running CairnKV tools, from the jar manifest when packaged. */
final class Versions {
  private Versions() {}

  static String tool() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
