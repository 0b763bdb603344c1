package io.tentacle;

import io.netty.handler.codec.DecoderException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * One way to put a failure in words, for the log and for exception messages alike: the message of
 * the exception that says what went wrong, found by one set of rules, without a stack trace.
 *
 * <p>A chain of causes is walked from the outside in, and an exception is passed over while it only
 * wraps its cause:
 * <ul>
 *   <li>a carrier between threads or layers ({@link CompletionException}, {@link ExecutionException},
 *       {@link UncheckedIOException}, Netty's {@link DecoderException}, reflection's wrappers);</li>
 *   <li>an {@link SSLException} with a cause: the JDK and Netty put the reason of a failed handshake
 *       under a general one ("General OpenSslEngine problem");</li>
 *   <li>an exception without a message, or whose message repeats its cause's ({@code new X(cause)},
 *       the JDK's "PKIX path building failed: " + cause).</li>
 * </ul>
 * The first exception that is none of these tells: a refused certificate is told by our own
 * certificate exception (which certificate, which CA), not by the validator's internals below it.
 *
 * <p>The JDK's file exceptions carry only the path as their message ({@code cannot read X: X}); a
 * file-system failure is told as the file and what is wrong with it ({@code /x/a.data: Read-only file
 * system}, {@code /x/a.data: permission denied to the user pandora}), or only what is wrong, by
 * {@link #reason}, for a message that names the file already. A missing file reads
 * {@code no such file /x/a.data}, and {@code does not exist} without its name.
 */
public final class Failures {
    /** Chains are short; a longer one loops. */
    private static final int MAX_DEPTH = 32;
    /** Netty's native transport says "bind(..) failed with error(-98): Address already in use"; NIO and the operator only the last part. */
    private static final Pattern NATIVE_CALL =
            Pattern.compile("\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): (.+)", Pattern.DOTALL);

    private Failures() {}

    /** The failure in words: the telling exception's message, or its type when it has none. */
    public static String describe(Throwable failure) {
        Throwable t = telling(failure);
        if (t instanceof FileSystemException f && f.getFile() != null && f.getReason() == null) {
            if (f instanceof NoSuchFileException) {
                return "no such file " + f.getFile();
            }
            String problem = fileProblem(f);
            if (problem != null) {
                return f.getFile() + ": " + problem;
            }
        }
        return message(t);
    }

    /**
     * What is wrong, without naming the file of a file-system failure ({@code does not exist},
     * {@code Read-only file system}): for a message that names the file already. Any other failure
     * reads as {@link #describe} tells it.
     */
    public static String reason(Throwable failure) {
        Throwable t = telling(failure);
        if (t instanceof FileSystemException f) {
            String problem = f.getReason() != null ? f.getReason() : fileProblem(f);
            if (problem != null) {
                return problem;
            }
        }
        return describe(t);
    }

    /** The exception whose message says what went wrong: {@code failure} or one of its causes. */
    public static Throwable telling(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; depth < MAX_DEPTH && t.getCause() != null && t.getCause() != t && wrapsOnly(t); depth++) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code failure} without the carriers around it (the exception a future failed with, say). */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; depth < MAX_DEPTH && t.getCause() != null && t.getCause() != t && isCarrier(t); depth++) {
            t = t.getCause();
        }
        return t;
    }

    /** The first exception of {@code type} in the chain, {@code failure} included. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return causes(failure).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** {@code failure} and its causes, outermost first. */
    public static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The words for a file exception the JDK throws with the path alone, null for one of another kind. */
    private static String fileProblem(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied to the user " + System.getProperty("user.name");
        }
        if (f instanceof NotDirectoryException) {
            return "is not a directory";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "is a directory that is not empty";
        }
        return null;
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        Matcher nativeCall = NATIVE_CALL.matcher(message);
        return nativeCall.matches() ? nativeCall.group(1) : message;
    }

    private static boolean wrapsOnly(Throwable t) {
        String message = t.getMessage();
        return isCarrier(t)
                || t instanceof SSLException
                || message == null
                || message.isBlank()
                || message.contains(t.getCause().toString());
    }

    private static boolean isCarrier(Throwable t) {
        return t instanceof CompletionException
                || t instanceof ExecutionException
                || t instanceof UncheckedIOException
                || t instanceof DecoderException
                || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException;
    }
}
