package io.tentacle.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-file transfer lines cost nothing when they are not logged: their text is built only at DEBUG. */
class ServerLogTest {
    private final Logger logger = Logger.getLogger("io.tentacle.server");
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void restore() {
        logger.removeHandler(capture);
        logger.setLevel(null);
    }

    @Test
    void transferLinesAreBuiltOnlyWhenLogged() {
        ServerLog log = new ServerLog(new InetSocketAddress("127.0.0.1", 41000));
        AtomicInteger built = new AtomicInteger();

        logger.setLevel(Level.INFO);
        log.transfer(() -> "Received file 'a.data' size " + built.incrementAndGet() + "b");
        assertThat(built).hasValue(0);
        assertThat(logged).isEmpty();

        logger.setLevel(Level.FINE);
        log.transfer(() -> "Received file 'a.data' size " + built.incrementAndGet() + "b");
        assertThat(built).hasValue(1);
        assertThat(logged).containsExactly("Received file 'a.data' size 1b [127.0.0.1:41000]");
    }
}
