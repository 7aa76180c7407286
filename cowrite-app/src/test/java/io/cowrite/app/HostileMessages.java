package io.cowrite.app;

import io.cowrite.app.HostileCase.Error;
import io.cowrite.app.HostileCase.Pong;
import io.cowrite.app.HostileCase.Silent;
import io.cowrite.app.HostileCase.Snapshot;
import io.cowrite.core.protocol.ErrorCode;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile messages on a welcomed connection, each answered by a reply error or by nothing, as
 * docs/protocol.md states: §1 (strict JSON, integers by value, strings), §2 (identifiers), §5 (fields and
 * rules per message), §7 (codes). The expected replies are written from the document, not computed by the
 * codec (the test checks them against the codec before the run, so a disagreement shows up by name).
 */
final class HostileMessages {
    /** What the generator knows about the connection it writes for. */
    interface View {
        String clientId();

        Set<String> joined();

        /** A join would be admitted: a document slot and a join token (§9 and the join rate) are left. */
        boolean mayJoin();

        /** The attacked documents' state: they never change (nothing valid is ever sent to them). */
        AttackedDocs docs();
    }

    static final List<String> NOT_JSON = List.of("", " ", "{", "}", "[]", "[1,2]", "\"ping\"", "42", "true", "null",
            "{\"type\":\"ping\"", "{\"type\":\"ping\"}x", "{\"type\":\"ping\"} {}", "{'type':'ping'}", "{type:\"ping\"}",
            "{\"type\":\"ping\",}", "{\"type\":\"ping\" /* c */}", "{\"type\":\"ping\",\"id\":NaN}",
            "{\"type\":\"ping\",\"id\":Infinity}", "{\"type\":\"ping\",\"id\":-Infinity}", "{\"type\":\"ping\",\"type\":\"ping\"}",
            "{\"type\":\"ping\",\"id\":1,\"id\":2}", "{\"type\":\"ping\",\"id\":01}", "{\"type\":\"ping\",\"id\":+1}",
            "{\"type\":\"ping\",\"id\":\"\\x41\"}", "{\"type\":\"ping\",\"id\":\"a\nb\"}",
            "{\"type\":\"ping\",\"x\":" + "[".repeat(32) + "]".repeat(32) + "}", // 33 levels deep
            "{\"type\":\"ping\",\"id\":" + "7".repeat(101) + "}"); // a number of 101 characters

    static final List<String> BAD_TYPE = List.of("{}", "{\"type\":null}", "{\"type\":1}", "{\"type\":[\"ping\"]}",
            "{\"type\":{}}", "{\"type\":true}");

    static final List<String> UNKNOWN_TYPE = List.of("\"PING\"", "\"welcome\"", "\"\"", "\"ping \"", "\"hello2\"",
            "\"error\"", "\"snapshot\"", "\"\\u0000\"", "\"subscribe\"");

    /** Values no integer field accepts (§1: by value, at most 2^53-1, no fractions, not strings). */
    static final List<String> BAD_VERSION = List.of("-1", "1.5", "\"3\"", "true", "[]", "{}", "9007199254740992", "1e400",
            "-1e400", "1.0000000000000001", "-0.5", "18446744073709551616", "1" + "0".repeat(99));
    static final List<String> BAD_SEQ = List.of("0", "-1", "1.5", "\"1\"", "9007199254740992", "false", "null", "1e16");
    static final List<String> BAD_CLIENT_ID = List.of("\"\"", "\"a b\"", "\"" + "c".repeat(65) + "\"", "5", "\"ü\"", "[]",
            "\"a.b\"", "\"\\ud800\"");
    static final List<String> BAD_DOC = List.of("\"\"", "\"a.b\"", "\"a b\"", "\"ü\"", "\">\"", "\"*\"",
            "\"" + "d".repeat(129) + "\"", "5", "true", "[\"atk-0\"]", "{}", "\"atk-0\\u0000\"", "\"atk-0/x\"", "\"\\ud800\"",
            "\"atk.0\"", "\"..\"");
    static final List<String> BAD_POSITION = List.of("-1", "2147483648", "1.5", "\"0\"", "true", "1e10", "9007199254740991");
    static final List<String> BAD_PING_ID = List.of("-1", "1.5", "true", "[]", "{}", "9007199254740992",
            "\"" + "i".repeat(65) + "\"", "\"\\ud800\"", "\"\\u0000\"", "1e400", "\"\\udc00x\"");

    /** Ops that do not decode, with the detail §7 names. */
    static final List<String[]> BAD_OPS = List.of(
            new String[] {"{}", "op_not_array"}, new String[] {"\"x\"", "op_not_array"}, new String[] {"5", "op_not_array"},
            new String[] {"[true]", "op_bad_component"}, new String[] {"[null]", "op_bad_component"},
            new String[] {"[[1]]", "op_bad_component"}, new String[] {"[{\"d\":1,\"x\":1}]", "op_bad_component"},
            new String[] {"[{}]", "op_bad_delete"}, new String[] {"[{\"x\":1}]", "op_bad_delete"},
            new String[] {"[{\"d\":true}]", "op_bad_delete"}, new String[] {"[{\"d\":[1]}]", "op_bad_delete"},
            new String[] {"[{\"d\":1.5}]", "op_bad_delete"}, new String[] {"[{\"d\":0}]", "op_empty_delete"},
            new String[] {"[{\"d\":\"\"}]", "op_empty_delete"}, new String[] {"[\"\"]", "op_empty_insert"},
            new String[] {"[0,\"x\"]", "op_bad_skip"}, new String[] {"[-1,\"x\"]", "op_bad_skip"},
            new String[] {"[1.5,\"x\"]", "op_bad_skip"}, new String[] {"[2147483648,\"x\"]", "op_bad_skip"},
            new String[] {"[1,2,\"x\"]", "op_adjacent_skips"}, new String[] {"[3]", "op_trailing_skip"},
            new String[] {"[\"x\",3]", "op_trailing_skip"}, new String[] {"[\"\\ud800\"]", "op_ill_formed_utf16"},
            new String[] {"[\"a\\udc00\"]", "op_ill_formed_utf16"}, new String[] {"[{\"d\":\"\\ud800\"}]", "op_ill_formed_utf16"},
            new String[] {"[\"a\\u0000b\"]", "op_nul_character"}, new String[] {"[1,{\"d\":\"\\u0000\"}]", "op_nul_character"});

    private final Random random;

    HostileMessages(Random random) {
        this.random = random;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    /** A JSON object from name/raw-JSON pairs; a null value leaves the field out. */
    static String obj(String... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) continue;
            if (sb.length() > 1) sb.append(',');
            sb.append(q(kv[i])).append(':').append(kv[i + 1]);
        }
        return sb.append('}').toString();
    }

    private String anyDoc() {
        return q(random.nextBoolean() ? "atk-" + random.nextInt(3) : "zz-" + Long.toString(random.nextLong() & 0xffffffL, 36));
    }

    private String seq() {
        return Long.toString(1 + (random.nextInt(4) == 0 ? random.nextLong(9007199254740991L) : random.nextInt(1000)));
    }

    /** The next hostile message for a connection in state {@code v}. */
    HostileCase next(View v) {
        return switch (random.nextInt(16)) {
            case 0 -> HostileCase.reply("not-json", pick(NOT_JSON), Error.of(ErrorCode.INVALID_JSON, null, null, null), true);
            case 1 -> badType();
            case 2 -> badJoin();
            case 3, 4 -> badOpField(v);
            case 5, 6 -> badOp(v);
            case 7 -> badCursor();
            case 8 -> badLeaveOrPing();
            case 9 -> ping();
            default -> SemanticCases.next(random, v);
        };
    }

    private HostileCase badType() {
        if (random.nextBoolean()) {
            String text = pick(BAD_TYPE);
            return HostileCase.reply("type-invalid", text, Error.of(ErrorCode.INVALID_FIELD, null, null, null), true);
        }
        String doc = anyDoc();
        return HostileCase.reply("type-unknown", obj("type", pick(UNKNOWN_TYPE), "doc", doc),
                Error.of(ErrorCode.UNKNOWN_TYPE, null, doc, null), true);
    }

    private HostileCase badJoin() {
        if (random.nextBoolean()) {
            String doc = random.nextInt(8) == 0 ? null : pick(BAD_DOC);
            ErrorCode code = doc == null ? ErrorCode.INVALID_FIELD : ErrorCode.INVALID_DOC_ID;
            return HostileCase.reply("join-doc", obj("type", q("join"), "doc", doc), Error.of(code, null, null, null), true);
        }
        String doc = anyDoc();
        return HostileCase.reply("join-version", obj("type", q("join"), "doc", doc, "version", pick(BAD_VERSION)),
                Error.of(ErrorCode.INVALID_FIELD, null, doc, null), true);
    }

    /** One field of an otherwise valid op is bad: the first bad field in reading order decides (§5 order: doc, base, clientId, seq, op). */
    private HostileCase badOpField(View v) {
        String doc = anyDoc();
        String base = Long.toString(random.nextInt(5));
        String client = q(v.clientId());
        String seq = seq();
        String op = "[\"x\"]";
        ErrorCode code = ErrorCode.INVALID_FIELD;
        String which;
        switch (random.nextInt(5)) {
            case 0 -> {
                doc = random.nextInt(8) == 0 ? null : pick(BAD_DOC);
                code = doc == null ? ErrorCode.INVALID_FIELD : ErrorCode.INVALID_DOC_ID;
                which = "doc";
            }
            case 1 -> {
                base = random.nextInt(8) == 0 ? null : pick(BAD_VERSION);
                which = "base";
            }
            case 2 -> {
                client = random.nextInt(8) == 0 ? null : pick(BAD_CLIENT_ID);
                which = "clientId";
            }
            case 3 -> {
                seq = pick(BAD_SEQ);
                which = "seq";
            }
            default -> {
                op = null;
                which = "op";
            }
        }
        String text = obj("type", q("op"), "doc", doc, "base", base, "clientId", client, "seq", seq, "op", op);
        return HostileCase.reply("op-" + which, text, Error.of(code, null, doc, seq), true);
    }

    private HostileCase badOp(View v) {
        String[] bad = pick(BAD_OPS);
        String doc = anyDoc();
        String seq = seq();
        String text = obj("type", q("op"), "doc", doc, "base", Integer.toString(random.nextInt(3)), "clientId", q(v.clientId()),
                "seq", seq, "op", bad[0]);
        return HostileCase.reply("op-invalid", text, Error.of(ErrorCode.INVALID_OP, bad[1], doc, seq), true);
    }

    private HostileCase badCursor() {
        String doc = anyDoc();
        String version = "0";
        String anchor = "0";
        String head = "1";
        ErrorCode code = ErrorCode.INVALID_FIELD;
        switch (random.nextInt(4)) {
            case 0 -> {
                doc = pick(BAD_DOC);
                code = ErrorCode.INVALID_DOC_ID;
            }
            case 1 -> version = pick(BAD_VERSION);
            case 2 -> anchor = random.nextInt(6) == 0 ? null : pick(BAD_POSITION);
            default -> head = pick(BAD_POSITION);
        }
        return HostileCase.reply("cursor-field", obj("type", q("cursor"), "doc", doc, "version", version, "anchor", anchor, "head", head),
                Error.of(code, null, doc, null), true);
    }

    private HostileCase badLeaveOrPing() {
        if (random.nextBoolean()) {
            String doc = random.nextInt(8) == 0 ? null : pick(BAD_DOC);
            ErrorCode code = doc == null ? ErrorCode.INVALID_FIELD : ErrorCode.INVALID_DOC_ID;
            return HostileCase.reply("leave-doc", obj("type", q("leave"), "doc", doc), Error.of(code, null, null, null), true);
        }
        return HostileCase.reply("ping-id", obj("type", q("ping"), "id", pick(BAD_PING_ID)),
                Error.of(ErrorCode.INVALID_FIELD, null, null, null), true);
    }

    /** Valid pings, ids read by value (§1) and echoed; unknown fields ignored; null is absent. */
    private HostileCase ping() {
        Object id;
        String json;
        switch (random.nextInt(8)) {
            case 0 -> { json = "0"; id = 0L; }
            case 1 -> { json = "9007199254740991"; id = 9007199254740991L; }
            case 2 -> { json = "7.0"; id = 7L; }
            case 3 -> { json = "70e-1"; id = 7L; }
            case 4 -> { json = q("i".repeat(64)); id = "i".repeat(64); }
            case 5 -> { json = q("\\ud83d\\ude00"); id = "\uD83D\uDE00"; }
            case 6 -> { json = "null"; id = null; }
            default -> { json = null; id = null; }
        }
        String extra = random.nextBoolean() ? null : "{\"nested\":[1,{\"deep\":null}],\"doc\":\"not checked\"}";
        return HostileCase.reply("ping-valid", obj("type", q("ping"), "id", json, "x_future", extra), new Pong(id), false);
    }

    /** A silent case is confirmed by the pong of this ping. */
    static String confirmPing(long n) {
        return obj("type", q("ping"), "id", q("confirm-" + n));
    }

    /** The reply a Silent/Snapshot case expects, exposed for the semantic cases. */
    static HostileCase silent(String name, String text) {
        return HostileCase.reply(name, text, new Silent(), false);
    }

    static HostileCase snapshot(String name, String text, String doc) {
        return HostileCase.reply(name, text, new Snapshot(doc), false).joining(doc);
    }
}
