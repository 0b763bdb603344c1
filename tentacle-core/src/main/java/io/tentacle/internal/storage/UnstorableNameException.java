package io.tentacle.internal.storage;

import java.nio.file.FileSystemException;

/** A file name whose bytes this JVM cannot use as a path; the message says why and what fixes it. */
public final class UnstorableNameException extends FileSystemException {
    public UnstorableNameException(String name, String reason) {
        super(name, null, reason);
    }
}
