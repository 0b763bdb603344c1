package io.tentacle.internal.storage;

import java.io.IOException;

/** A file, or what an archive inflates to, is larger than the size limit. */
public class FileTooBigException extends IOException {
    public FileTooBigException(String message) {
        super(message);
    }
}
