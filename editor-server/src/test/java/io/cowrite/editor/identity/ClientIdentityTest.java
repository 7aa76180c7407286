package io.cowrite.editor.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Resume secrets: the documented HMAC, bound to the user, and right when many hellos compute them at once. */
class ClientIdentityTest {
    private static final byte[] KEY = "an-identity-key-of-32-bytes-long".getBytes(StandardCharsets.US_ASCII);
    private final ClientIdentity identity = new ClientIdentity(CompletableFuture.completedFuture(KEY));

    /** HMAC-SHA256(key, "cowrite-resume-v1:" + id + 0x00 + user), base64url without padding, computed here afresh. */
    private static String expected(String clientId, String user) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] in = ("cowrite-resume-v1:" + clientId + "\0" + user).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(in));
    }

    @Test
    void theSecretIsTheDocumentedHmacOfIdAndUser() throws Exception {
        ClientIdentity.Issued a = identity.issue("ada");
        assertEquals(22, a.clientId().length());
        assertEquals(expected(a.clientId(), "ada"), a.resume());
        assertTrue(identity.verify(a.clientId(), a.resume(), "ada"));
        assertFalse(identity.verify(a.clientId(), a.resume(), "bob"), "bound to its user");
        assertFalse(identity.verify(identity.issue("ada").clientId(), a.resume(), "ada"), "bound to its id");
        assertFalse(identity.verify(a.clientId(), null, "ada"));
    }

    @Test
    void manyHellosAtOnceEachGetTheirOwnRightSecret() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<ClientIdentity.Issued>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String user = "user" + t;
                runs.add(pool.submit(() -> {
                    List<ClientIdentity.Issued> out = new ArrayList<>();
                    for (int i = 0; i < 500; i++) out.add(identity.issue(user));
                    return out;
                }));
            }
            for (int t = 0; t < 8; t++) {
                for (ClientIdentity.Issued i : runs.get(t).get()) {
                    assertEquals(expected(i.clientId(), "user" + t), i.resume(), "secret of " + i.clientId());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutItsKeyNothingIsIssued() {
        ClientIdentity waiting = new ClientIdentity(new CompletableFuture<>());
        assertFalse(waiting.ready());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> waiting.issue("ada"));
    }
}
