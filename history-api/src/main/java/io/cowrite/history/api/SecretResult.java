package io.cowrite.history.api;

import java.util.Objects;

/** A cluster secret: {@code value} is base64url of at least 32 random bytes. */
public record SecretResult(String name, String value) {
    public SecretResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
