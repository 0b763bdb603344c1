package io.tentacle.sshftp;

import java.nio.file.AccessDeniedException;

/** An operation this write-only server does not allow; the message goes to the client and the log. */
final class RefusedException extends AccessDeniedException {
    RefusedException(String message) {
        super(null, null, message);
    }

    @Override
    public String getMessage() {
        return getReason();
    }
}
