package io.cowrite.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link NatsBus} proves who it is to the NATS server. The server's authorization decides what
 * each identity may publish and subscribe to (Cowrite ships one user per service role:
 * {@code docker/nats-server.conf}, described in {@code docs/security.md}).
 */
public sealed interface NatsAuth permits NatsAuth.None, NatsAuth.UserPassword, NatsAuth.CredsFile {

    /** No credentials: only for a server without authorization (a developer's local NATS). */
    static NatsAuth none() {
        return None.INSTANCE;
    }

    /** A user and its password, from the server configuration's {@code authorization.users}. */
    static NatsAuth userPassword(String user, String password) {
        return new UserPassword(user, password);
    }

    /** A {@code .creds} file (a user JWT and its nkey seed, as {@code nsc} writes it): decentralized auth. */
    static NatsAuth credsFile(Path file) {
        return new CredsFile(file);
    }

    /** No credentials. */
    enum None implements NatsAuth {
        INSTANCE
    }

    /** A user and its password. Neither may be empty. {@link #toString()} never shows the password. */
    record UserPassword(String user, String password) implements NatsAuth {
        public UserPassword {
            if (user == null || user.isBlank()) throw new IllegalArgumentException("a NATS user needs a name");
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("NATS user " + user + " has no password");
            }
        }

        @Override
        public String toString() {
            return "UserPassword[user=" + user + ", password=****]";
        }
    }

    /**
     * A {@code .creds} file, read whenever the client signs the server's nonce (on every connect), so a
     * rotated file is picked up on the next reconnect. It must be readable when the bus is configured.
     */
    record CredsFile(Path file) implements NatsAuth {
        public CredsFile {
            Objects.requireNonNull(file, "file");
            if (!Files.isReadable(file)) throw new IllegalArgumentException("NATS creds file not readable: " + file);
        }
    }
}
