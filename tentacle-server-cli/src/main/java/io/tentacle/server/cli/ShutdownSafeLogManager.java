package io.tentacle.server.cli;

import java.util.logging.LogManager;

/**
 * Installed as {@code java.util.logging.manager} by {@link TentacleServerCommand#main}: the JDK resets
 * logging in a shutdown hook of its own, running alongside ours, which would swallow the lines logged
 * while the server closes ("going down", transfers cut short).
 */
public final class ShutdownSafeLogManager extends LogManager {
    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName())) {
            return; // The JDK's cleaner at exit: keep the handlers until the JVM halts.
        }
        super.reset();
    }
}
