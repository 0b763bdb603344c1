package io.tentacle.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Asks a server whether it speaks TLS: one connection that sends a TLS ClientHello and reads the
 * first bytes of the answer. Used only to explain a failure: a TLS server closes a plain connection
 * without a word (Netty's and OpenSSL's alike), which a client would otherwise take for a wrong
 * password or a dropped connection.
 */
final class TlsProbe {
    private TlsProbe() {}

    /** True when the server answers a ClientHello with a TLS record; false on anything else, failures included. */
    static boolean speaksTls(SocketAddress server, Duration timeout) {
        if (!(server instanceof InetSocketAddress address) || address.isUnresolved()) {
            return false;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            socket.getOutputStream().write(clientHello());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int type = in.read();
            int major = in.read();
            return (type == 0x16 || type == 0x15) && major == 0x03;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] clientHello() throws GeneralSecurityException, IOException {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }
}
