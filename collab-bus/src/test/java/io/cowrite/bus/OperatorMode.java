package io.cowrite.bus;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * NATS decentralized auth for one test, as {@code nsc} would set it up: an operator, one account, and
 * users with {@code .creds} files (user JWT plus nkey seed). The server trusts the operator and has the
 * account preloaded in a memory resolver.
 */
final class OperatorMode {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final NKey operator;
    private final NKey account;

    OperatorMode() throws Exception {
        operator = NKey.createOperator(RANDOM);
        account = NKey.createAccount(RANDOM);
    }

    /** The server configuration's authorization part. */
    String serverConfig() throws Exception {
        String op = pub(operator);
        String operatorJwt = JwtUtils.issueJWT(operator, op, "cowrite-test-operator", null,
                JwtUtils.currentTimeSeconds(), op, claim("{\"type\":\"operator\",\"version\":2}"));
        String accountJwt = JwtUtils.issueJWT(operator, pub(account), "cowrite", null, JwtUtils.currentTimeSeconds(), op,
                claim("{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                        + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1},\"default_permissions\":{\"pub\":{},\"sub\":{}},"
                        + "\"type\":\"account\",\"version\":2}"));
        return "operator: " + operatorJwt + "\nresolver: MEMORY\nresolver_preload: {\n  " + pub(account) + ": "
                + accountJwt + "\n}\n";
    }

    /** A creds file of a new user of the account (the server knows it through the account's signature). */
    Path user(Path dir, String name) throws Exception {
        return creds(dir, name, account);
    }

    /** A creds file of a user signed by a key the server does not trust. */
    Path stranger(Path dir, String name) throws Exception {
        return creds(dir, name, NKey.createAccount(RANDOM));
    }

    private static Path creds(Path dir, String name, NKey signer) throws Exception {
        NKey user = NKey.createUser(RANDOM);
        String jwt = JwtUtils.issueUserJWT(signer, pub(signer), pub(user), name);
        return Files.writeString(dir.resolve(name + ".creds"),
                String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed())));
    }

    private static String pub(NKey key) throws Exception {
        return new String(key.getPublicKey());
    }

    private static JsonSerializable claim(String json) {
        return () -> json;
    }
}
