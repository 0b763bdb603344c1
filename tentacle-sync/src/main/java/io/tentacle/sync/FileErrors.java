package io.tentacle.sync;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A file error in words. The JDK's file exceptions carry only the path as their message
 * ({@code cannot read X: X}); an operator needs the cause.
 */
public final class FileErrors {
    private FileErrors() {
    }

    /** The file and what is wrong with it: {@code /x/data_in/a.data: read-only file system}. */
    public static String describe(IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        String cause = cause(e);
        return file == null || cause.startsWith(file) ? cause : file + ": " + cause;
    }

    /** What is wrong, without the file (for a message that names it already). */
    public static String cause(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied to the user " + System.getProperty("user.name");
        }
        if (e instanceof NotDirectoryException) {
            return "is not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a directory that is not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT); // "Read-only file system", "No space left on device"
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
