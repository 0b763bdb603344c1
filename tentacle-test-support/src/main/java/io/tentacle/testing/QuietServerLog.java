package io.tentacle.testing;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that run thousands of transfers: the server's per-file log lines would only slow
 * them down. Restores the level afterwards, because other tests in the JVM wait for INFO lines.
 */
public final class QuietServerLog implements BeforeAllCallback, AfterAllCallback {
    /** Held here: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
    private static final Logger SERVER_LOG = Logger.getLogger("io.tentacle.server");

    private Level previous;

    @Override
    public void beforeAll(ExtensionContext context) {
        previous = SERVER_LOG.getLevel();
        SERVER_LOG.setLevel(Level.WARNING);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SERVER_LOG.setLevel(previous);
    }
}
