package io.tentacle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One failure reads the same wherever it is told: the log, an exception, a CLI message. */
class FailuresTest {
    @TempDir
    Path dir;

    @Test
    void carriersBetweenThreadsAndLayersAreSkipped() {
        IOException reset = new IOException("Connection reset by peer");
        assertThat(Failures.describe(new CompletionException(new ExecutionException(new UncheckedIOException(reset)))))
                .isEqualTo("Connection reset by peer");
        assertThat(Failures.describe(new DecoderException(reset))).isEqualTo("Connection reset by peer");
        assertThat(Failures.unwrap(new CompletionException(new UncheckedIOException(reset))))
                .isSameAs(reset);
    }

    @Test
    void aRefusedCertificateIsToldByOurMessageNotTheHandshakesOrTheValidators() {
        // What the JDK validator throws: its message repeats its cause's.
        Exception builder = new Exception("unable to find valid certification path to requested target");
        CertificateException validator = new CertificateException("PKIX path building failed: " + builder, builder);
        CertificateException ours = new CertificateException(
                "server certificate 'CN=x' is not accepted by the CA in ca.pem: " + Failures.describe(validator),
                builder);
        SSLHandshakeException handshake = new SSLHandshakeException("General OpenSslEngine problem");
        handshake.initCause(ours);

        assertThat(Failures.describe(validator))
                .isEqualTo("unable to find valid certification path to requested target");
        assertThat(Failures.describe(new DecoderException(handshake)))
                .isEqualTo(
                        "server certificate 'CN=x' is not accepted by the CA in ca.pem: unable to find valid certification path to requested target");
    }

    @Test
    void anExceptionThatSaysSomethingOfItsOwnIsKept() {
        ConnectException refused = new ConnectException("Connection refused");
        ConnectException annotated = new ConnectException("Connection refused: localhost/127.0.0.1:41121");
        annotated.initCause(refused);
        assertThat(Failures.describe(annotated)).isEqualTo("Connection refused: localhost/127.0.0.1:41121");
        assertThat(Failures.describe(new IOException(new IllegalStateException("the completion broke"))))
                .isEqualTo("the completion broke");
        assertThat(Failures.describe(new SSLHandshakeException("Received fatal alert: bad_certificate")))
                .isEqualTo("Received fatal alert: bad_certificate");
    }

    @Test
    void aFileProblemNamesTheFileAndSaysWhich() {
        Throwable missing = catchThrowable(() -> Files.readString(dir.resolve("missing.conf")));
        assertThat(Failures.describe(new UncheckedIOException((IOException) missing)))
                .isEqualTo("no such file " + dir.resolve("missing.conf"));
        assertThat(Failures.describe(new NoSuchFileException("a", null, "not a single file name")))
                .isEqualTo("a: not a single file name");
    }

    @Test
    void aFileProblemIsToldWithoutTheFileForAMessageThatNamesItAlready() {
        Throwable missing = catchThrowable(() -> Files.readString(dir.resolve("missing.conf")));
        assertThat(Failures.reason(new UncheckedIOException((IOException) missing)))
                .isEqualTo("does not exist");
        assertThat(Failures.reason(new FileSystemException("/x/a.data", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
        assertThat(Failures.reason(new IOException("No space left on device"))).isEqualTo("No space left on device");
    }

    @Test
    void aForbiddenOrMisplacedFileSaysWhoOrWhat() throws IOException {
        String user = System.getProperty("user.name");
        assertThat(Failures.describe(new AccessDeniedException("/x/a.data")))
                .isEqualTo("/x/a.data: permission denied to the user " + user);
        assertThat(Failures.reason(new AccessDeniedException("/x/a.data")))
                .isEqualTo("permission denied to the user " + user);
        Path file = Files.writeString(dir.resolve("file"), "x");
        Throwable notDirectory =
                catchThrowable(() -> Files.newDirectoryStream(file).close());
        assertThat(Failures.describe(notDirectory)).isEqualTo(file + ": is not a directory");
        Files.createDirectory(dir.resolve("full"));
        Files.writeString(dir.resolve("full/x"), "x");
        Throwable notEmpty = catchThrowable(() -> Files.delete(dir.resolve("full")));
        assertThat(Failures.describe(notEmpty)).isEqualTo(dir.resolve("full") + ": is a directory that is not empty");
        Throwable exists = catchThrowable(() -> Files.createFile(file));
        assertThat(Failures.reason(exists)).isEqualTo("already exists");
    }

    @Test
    void withoutAnyMessageTheTypeIsTold() {
        assertThat(Failures.describe(new IOException(new java.nio.channels.ClosedChannelException())))
                .isEqualTo("ClosedChannelException");
    }

    @Test
    void aChainThatLoopsEnds() {
        IOException a = new IOException((String) null);
        IOException b = new IOException(null, a);
        a.initCause(b);
        assertThat(Failures.describe(a)).isEqualTo("IOException");
        assertThat(Failures.causes(a)).containsExactly(a, b);
    }

    @Test
    void aNativeTransportsCallPrefixIsLeftOutAsNioLeavesItOut() {
        java.io.IOException epoll = new java.io.IOException("bind(..) failed with error(-98): Address already in use");
        assertThat(Failures.describe(epoll)).isEqualTo("Address already in use");
    }
}
