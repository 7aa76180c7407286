package io.cowrite.bus;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS client context of a {@link NatsBus}: the server's certificate must chain to the configured CA
 * (PEM, one or more certificates), or to the JVM's default trust store when none is configured, and must
 * name the host of the URL the bus connects to.
 *
 * <p>Why a wrapped context: jnats hands the host name to the socket factory but does not ask for host
 * name verification, so with the plain context any certificate the CA ever signed (for any host) would
 * be accepted. Every socket and engine made here has endpoint identification ({@code HTTPS}, RFC 2818
 * rules) turned on. The bus makes jnats keep the host name instead of an address it resolved (see
 * {@link NatsBus}), so the name checked is the one in the URL.
 */
final class NatsTls {
    private static final String VERIFY_HOST = "HTTPS";

    private NatsTls() {
    }

    /** A client context trusting {@code caFile} (or the JVM's default trust store when null), verifying host names. */
    static SSLContext clientContext(Path caFile) throws GeneralSecurityException, IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(caFile == null ? null : trustStore(caFile));
        SSLContext base = SSLContext.getInstance("TLS");
        base.init(null, trust.getTrustManagers(), null);
        return new VerifyingContext(base);
    }

    private static KeyStore trustStore(Path pem) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) throw new GeneralSecurityException("no certificate in " + pem);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) store.setCertificateEntry("ca-" + i++, c);
        return store;
    }

    private static Socket verifying(Socket socket) {
        if (socket instanceof SSLSocket ssl) ssl.setSSLParameters(verifying(ssl.getSSLParameters()));
        return socket;
    }

    private static SSLEngine verifying(SSLEngine engine) {
        engine.setSSLParameters(verifying(engine.getSSLParameters()));
        return engine;
    }

    private static SSLParameters verifying(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm(VERIFY_HOST);
        return parameters;
    }

    private static final class VerifyingContext extends SSLContext {
        VerifyingContext(SSLContext base) {
            super(new Spi(base), base.getProvider(), base.getProtocol());
        }
    }

    /** Delegates to an initialized context; only what it creates is changed (host name verification on). */
    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;

        Spi(SSLContext base) {
            this.base = base;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
            throw new UnsupportedOperationException("already initialized");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new VerifyingSocketFactory(base.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return base.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return verifying(base.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return verifying(base.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return base.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return base.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return verifying(base.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return base.getSupportedSSLParameters();
        }
    }

    private static final class VerifyingSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory base;

        VerifyingSocketFactory(SSLSocketFactory base) {
            this.base = base;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return base.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return verifying(base.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return verifying(base.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return verifying(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return verifying(base.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return verifying(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return verifying(base.createSocket(address, port, localAddress, localPort));
        }
    }
}
