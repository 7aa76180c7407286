package io.cowrite.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid frames at random (character flips, truncation, insertions, field value swaps, type swaps) and
 * checks that the decoders never throw, never report {@code internal}, and that whatever they accept re-encodes
 * to a frame that decodes to the same message. Seed: {@code -Dcowrite.seed=S}; cases:
 * {@code max(20000, -Dcowrite.cases)}.
 */
class DecoderFuzzTest {
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null",
        "true", "-", "0", "1e400", "9007199254740992", "-1", "0.5", "\"type\"", "\"op\"", "\"doc\"", "\ud800",
        "😀", "ü", " ", "\u0000", "\"\"", "[]", "{}", "1.0", "9223372036854775808"};
    private static final String[] TYPES = {"hello", "join", "op", "cursor", "leave", "ping", "welcome", "snapshot",
        "catchup", "ack", "remote", "presence", "error", "reconnect", "pong", "x"};

    private final ProtocolCodec codec = new ProtocolCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void mutatedFramesNeverBreakTheDecoder() throws Exception {
        long seed = Long.getLong("cowrite.seed", System.nanoTime());
        int cases = Math.max(20_000, Integer.getInteger("cowrite.cases", 0));
        System.out.println("DecoderFuzzTest: seed " + seed + ", " + cases + " cases (-Dcowrite.seed to reproduce)");
        Random rnd = new Random(seed);
        List<String> seeds = new ArrayList<>();
        for (ClientMessage m : Samples.client()) seeds.add(codec.encode(m));
        for (ServerMessage m : Samples.server()) seeds.add(codec.encode(m));
        int accepted = 0;
        for (int i = 0; i < cases; i++) {
            String input = seeds.get(rnd.nextInt(seeds.size()));
            int rounds = 1 + rnd.nextInt(3);
            for (int r = 0; r < rounds; r++) input = mutate(input, rnd);
            try {
                accepted += check(input, codec::decodeClient, codec::encode, codec::decodeClient);
                accepted += check(input, codec::decodeServer, codec::encode, codec::decodeServer);
            } catch (Throwable t) {
                fail("seed " + seed + " (reproduce with -Dcowrite.seed=" + seed + "), case " + i + ", input: "
                        + abbreviate(input), t);
            }
        }
        assertNotEquals(0, accepted, "seed " + seed + ": no mutated frame was accepted; the fuzzer is too blunt");
    }

    private static <T> int check(String input, Function<String, Decoded<T>> decode, Function<T, String> encode,
            Function<String, Decoded<T>> decodeAgain) {
        Decoded<T> d = decode.apply(input);
        switch (d) {
            case Decoded.Failure<T> f -> {
                assertNotEquals(ErrorCode.INTERNAL, f.code(), f.message());
                return 0;
            }
            case Decoded.Ok<T> ok -> {
                assertEquals(ok, decodeAgain.apply(encode.apply(ok.message())));
                return 1;
            }
        }
    }

    private String mutate(String s, Random rnd) throws Exception {
        if (s.isEmpty()) return TOKENS[rnd.nextInt(TOKENS.length)];
        int at = rnd.nextInt(s.length() + 1);
        int at2 = Math.min(s.length(), at + rnd.nextInt(8));
        return switch (rnd.nextInt(8)) {
            case 0 -> s.substring(0, at); // truncation
            case 1 -> s.substring(0, at) + (char) rnd.nextInt(0x10000) + s.substring(Math.min(s.length(), at + 1));
            case 2 -> s.substring(0, at) + (char) (s.isEmpty() || at == s.length() ? 'x' : s.charAt(at) ^ (1 << rnd.nextInt(7)))
                    + s.substring(Math.min(s.length(), at + 1)); // bit flip
            case 3 -> s.substring(0, at) + TOKENS[rnd.nextInt(TOKENS.length)] + s.substring(at);
            case 4 -> s.substring(0, at) + s.substring(at2); // deletion
            case 5 -> s.substring(0, at) + s.substring(at, at2) + s.substring(at); // duplication
            case 6 -> swapFields(s, rnd);
            default -> retype(s, rnd);
        };
    }

    /** Swaps the values of two fields (or replaces one with a value from elsewhere) when the frame still parses. */
    private String swapFields(String s, Random rnd) throws Exception {
        JsonNode root = parse(s);
        if (!(root instanceof ObjectNode o) || o.size() < 2) return s;
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
        String a = names.get(rnd.nextInt(names.size()));
        String b = names.get(rnd.nextInt(names.size()));
        JsonNode va = o.get(a);
        o.set(a, o.get(b));
        if (rnd.nextBoolean()) o.set(b, va); else o.remove(b);
        return mapper.writeValueAsString(o);
    }

    /** Replaces the type with another one, so fields meet the reader of a different message. */
    private String retype(String s, Random rnd) throws Exception {
        JsonNode root = parse(s);
        if (!(root instanceof ObjectNode o)) return s;
        o.put("type", TYPES[rnd.nextInt(TYPES.length)]);
        return mapper.writeValueAsString(o);
    }

    private JsonNode parse(String s) {
        try {
            return mapper.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...(" + s.length() + " chars)";
    }
}
