package io.cowrite.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Certificates made with {@code openssl} for one test run (EC P-256, valid two days), so the TLS tests
 * need nothing checked in: a CA, and server certificates it signs for given subject alternative names.
 */
final class ThrowawayPki {
    private final Path dir;

    ThrowawayPki(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA; returns its certificate ({@code name.pem}; the key is {@code name.key}). */
    Path ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".pem");
    }

    /** A server certificate ({@code name.pem}, key {@code name.key}) signed by CA {@code ca}, for {@code san} (e.g. {@code DNS:localhost}). */
    Path server(String ca, String name, String san) throws Exception {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
        return dir.resolve(name + ".pem");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (p.waitFor() != 0) throw new IllegalStateException("openssl " + args[0] + " failed:\n" + Files.readString(out));
    }
}
