package io.tentacle.sshftp;

import io.netty.handler.ssl.SslContext;
import java.io.File;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A JDK {@link SSLContext} from the server's PEM certificate and key (-e/-k), for FTPS. Never
 * instantiated: it only reaches the PEM readers Netty's SslContext offers its subclasses.
 */
public abstract class PemTls extends SslContext {
    private PemTls() {}

    /** Throws {@link IllegalArgumentException} naming the files when they cannot be read. */
    public static SSLContext serverContext(File certificate, File key, String keyPassword) {
        try {
            X509Certificate[] chain = toX509Certificates(certificate);
            PrivateKey privateKey = toPrivateKey(key, keyPassword);
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, none, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, none);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "cannot read certificate " + certificate + " or key " + key + ": " + e.getMessage(), e);
        }
    }
}
