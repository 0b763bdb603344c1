package io.tentacle.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} over HTTP, for Prometheus to scrape: the text comes from {@code scrape} (a
 * metrics library's exposition); this class only serves it, one request at a time on one daemon thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Prometheus' text format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService thread;

    private MetricsEndpoint(HttpServer http, ExecutorService thread) {
        this.http = http;
        this.thread = thread;
    }

    /** Binds {@code address} and serves; throws when it cannot be bound. */
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<String> scrape) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("tentacle-metrics", true));
        http.setExecutor(thread);
        http.createContext("/", exchange -> serve(exchange, scrape));
        http.start();
        return new MetricsEndpoint(http, thread);
    }

    private static void serve(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                reply(exchange, 404, "text/plain; charset=utf-8", "Not found: the metrics are at /metrics\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "Only GET and HEAD\n", method);
            } else {
                reply(exchange, 200, CONTENT_TYPE, scrape.get(), method);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body, String method)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * {@code host:port}, {@code [v6]:port}, or {@code :port} for every address.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static InetSocketAddress parseAddress(String spec) {
        String s = spec.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "'" + spec + "' is not ADDRESS:PORT (e.g. 127.0.0.1:9141, [::1]:9141 or :9141 for all addresses)");
        }
        String host = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("'" + spec + "': '" + portText + "' is not a port number (0-65535)");
        }
        int port = Integer.parseInt(portText);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + spec + "': write an IPv6 address in brackets, e.g. [::1]:9141");
        }
        if (host.isEmpty() || host.equals("*")) {
            return new InetSocketAddress(port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("'" + spec + "': cannot resolve '" + host + "'");
        }
        return address;
    }

    /** Where it listens, with the actual port when 0 was asked for. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
    }
}
