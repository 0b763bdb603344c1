package io.tentacle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails a test that leaves open file descriptors or unfinished temp files behind. Before each test
 * it notes the process's descriptors (/proc/self/fd); after the test's own clean-up it waits up to
 * five seconds for their number to come back to that baseline, and checks that no
 * {@code .tentacle-*.part} file is left in the test's {@code @TempDir} directories.
 * Descriptors of jar files and shared libraries are not counted: the JVM opens those lazily, once.
 *
 * <pre>{@code @ExtendWith(NoLeaks.class) class SomeServerTest { @TempDir Path spool; ... }}</pre>
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeaks.class);

    /** Open descriptors that a test could leak: sockets, pipes, event fds and files other than code. */
    public static Map<String, String> openDescriptors() {
        Map<String, String> result = new TreeMap<>();
        if (!Files.isDirectory(FDS)) {
            return result;
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // Closed while we looked, or the directory stream's own descriptor.
                }
                if (!target.endsWith(".jar") && !target.contains(".so") && !target.startsWith("/proc/")) {
                    result.put(fd.getFileName().toString(), target);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    private static volatile boolean warm;

    /**
     * Opens once what the JDK opens lazily and keeps for the life of the JVM, so that it is in every
     * baseline: the entropy devices (first SecureRandom, as TLS and temp names use) and one socket
     * (first connection). Measured against a full server and client round trip of tentacle-core: that
     * adds nothing more, so this module needs no tentacle classes for it.
     */
    private static synchronized void warmUp() throws IOException {
        if (warm) {
            return;
        }
        new SecureRandom().nextBytes(new byte[16]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
                Socket client = new Socket(loopback, listener.getLocalPort());
                Socket accepted = listener.accept()) {
            client.getOutputStream().write(1);
            accepted.getInputStream().read();
        }
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel accepted = listener.accept();
                Selector selector = Selector.open()) {
            // Opening them is the point.
        }
        warm = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        warmUp();
        context.getStore(NS).put("fds", openDescriptors());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws Exception {
        Map<String, String> before = context.getStore(NS).get("fds", Map.class);
        List<Path> tempDirs = tempDirs(context);
        Poll.until(
                SETTLE,
                () -> openDescriptors().size() <= before.size()
                        && tempFilesQuietly(tempDirs).isEmpty());
        Map<String, String> now = openDescriptors();
        List<Path> temps = tempFiles(tempDirs);
        Map<String, String> added = new TreeMap<>(now);
        added.keySet().removeAll(before.keySet());
        assertThat(now.size())
                .as("open descriptors after the test (new ones: %s)", added)
                .isLessThanOrEqualTo(before.size());
        assertThat(temps).as("unfinished temp files left behind").isEmpty();
    }

    private static List<Path> tempDirs(ExtensionContext context) throws IllegalAccessException {
        List<Path> dirs = new ArrayList<>();
        Object instance = context.getRequiredTestInstance();
        for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(TempDir.class) && field.getType() == Path.class) {
                    field.setAccessible(true);
                    Object value = field.get(instance);
                    if (value != null) {
                        dirs.add((Path) value);
                    }
                }
            }
        }
        return dirs;
    }

    private static List<Path> tempFilesQuietly(List<Path> dirs) {
        try {
            return tempFiles(dirs);
        } catch (IOException e) {
            return List.of(Path.of("?"));
        }
    }

    /** The hidden {@code .tentacle-*.part} files under {@code dirs}. */
    public static List<Path> tempFiles(List<Path> dirs) throws IOException {
        List<Path> result = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> TestFiles.isTempName(f.getFileName().toString()))
                        .forEach(result::add);
            } catch (java.io.UncheckedIOException e) {
                // A file vanished while we walked: it was being cleaned up.
            }
        }
        return result;
    }
}
