package io.tentacle.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The kernel's queue for a connection, read from /proc/net/tcp. */
class KernelSendQueueTest {

    @Test
    void aPeerThatTakesItsBytesLeavesNothingQueued() throws Exception {
        assumeTrue(
                Files.isReadable(Path.of("/proc/net/tcp")),
                "no /proc/net/tcp here (not Linux): the queue cannot be read");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket sender = new Socket()) {
            sender.connect(listener.getLocalSocketAddress());
            try (Socket reader = listener.accept()) {
                InetSocketAddress local = (InetSocketAddress) sender.getLocalSocketAddress();
                InetSocketAddress remote = (InetSocketAddress) sender.getRemoteSocketAddress();
                assertThat(KernelSendQueue.unacknowledged(local, remote)).isEqualTo(OptionalLong.of(0));

                OutputStream out = sender.getOutputStream();
                out.write(new byte[64 * 1024]); // Taken by the peer's kernel: acknowledged, not read.
                out.flush();
                reader.getInputStream().readNBytes(64 * 1024);
                assertThat(KernelSendQueue.unacknowledged(local, remote)).isEqualTo(OptionalLong.of(0));
            }
        }
    }

    @Test
    void aConnectionNotInTheTableIsUnknown() {
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        assertThat(KernelSendQueue.unacknowledged(nowhere, nowhere)).isEmpty();
    }

    @Test
    void addressesArePrintedAsTheKernelDoes() throws Exception {
        assumeTrue(
                java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN,
                "the table is in the host's byte order");
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
        assertThat(KernelSendQueue.entry(v4, false)).isEqualTo("0100007F:1F90");
        assertThat(KernelSendQueue.entry(v4, true)).isEqualTo("0000000000000000FFFF00000100007F:1F90");
        assertThat(KernelSendQueue.entry(new InetSocketAddress(InetAddress.getByName("::1"), 22), true))
                .isEqualTo("00000000000000000000000001000000:0016");
    }
}
