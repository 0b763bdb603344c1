package io.tentacle.server;

import io.tentacle.protocol.PasswordDigest;
import io.tentacle.protocol.Request;

/**
 * The password challenge that opens a session when the server has a password (-x): the client's first
 * line must be PASS with the right digest, or the connection ends. The same for a session served here
 * and one relayed to an upstream server.
 */
final class Authentication {
    private final ServerConfig config;
    private final ServerStats stats;
    private final ServerLog log;
    private boolean done;

    Authentication(ServerConfig config, ServerStats stats, ServerLog log) {
        this.config = config;
        this.stats = stats;
        this.log = log;
        this.done = !config.hasPassword();
    }

    /** True once the client has proven it knows the password, or when there is none. */
    boolean done() {
        return done;
    }

    /**
     * Checks the client's line while {@link #done()} is false.
     *
     * @return true when the client is now authenticated (answer PASS OK); false when it is refused, logged
     *     and counted (close the connection)
     */
    boolean check(Request request) {
        if (request instanceof Request.Pass pass && PasswordDigest.matches(config.password(), pass.digest())) {
            done = true;
            log.important("Client authenticated");
            return true;
        }
        stats.refused(ServerStats.Refusal.AUTHENTICATION);
        log.important(request instanceof Request.Pass ? "Invalid password" : "Client did not authenticate");
        return false;
    }
}
