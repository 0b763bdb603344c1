package io.tentacle.server.cli;

/** Whether we run as root, which a network daemon writing client-chosen files should not. */
final class RootCheck {
    private RootCheck() {}

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) {
            return false; // Not a Unix system: there is no root to refuse.
        }
    }
}
