package io.cowrite.app;

import static io.cowrite.app.HostileMessages.obj;
import static io.cowrite.app.HostileMessages.q;

import io.cowrite.app.HostileCase.Error;
import io.cowrite.core.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Well-formed messages that the rules refuse (§5, §7): documents not joined, joined twice, not granted,
 * read-only, too many; versions from the future; ops that do not fit the document or make it too long;
 * someone else's client id. And the quiet ones: cursors from the future and leaves, which get no reply.
 * None is counted as invalid (they decode). None changes an attacked document.
 */
final class SemanticCases {
    private SemanticCases() {
    }

    static HostileCase next(Random r, HostileMessages.View v) {
        AttackedDocs docs = v.docs();
        String atk = AttackedDocs.WRITABLE.get(r.nextInt(AttackedDocs.WRITABLE.size()));
        AttackedDocs.State s = docs.state(atk);
        String seq = Long.toString(1 + r.nextInt(1_000_000));
        String self = q(v.clientId());
        return switch (r.nextInt(17)) {
            case 0 -> op("op-not-joined", notJoined(r, v), "0", self, seq, "[\"x\"]", ErrorCode.NOT_JOINED, null);
            case 1 -> op("op-impostor", q(atk), Long.toString(s.version()), q("impostor-" + r.nextInt(1000)), seq, "[\"x\"]",
                    ErrorCode.INVALID_FIELD, null);
            case 2 -> op("op-read-only", q(AttackedDocs.READ_ONLY), Long.toString(docs.state(AttackedDocs.READ_ONLY).version()), self,
                    seq, "[1,\"vandal\",{\"d\":2}]", ErrorCode.FORBIDDEN, null);
            case 3 -> op("op-future-base", q(atk), futureVersion(r, s.version()), self, seq, "[\"x\"]", ErrorCode.VERSION_AHEAD, null);
            case 4 -> op("op-too-long", q(atk), Long.toString(s.version()), self, seq, tooLong(r, s), ErrorCode.INVALID_OP, "op_too_long");
            case 5 -> op("op-delete-mismatch", q(atk), Long.toString(s.version()), self, seq, mismatch(r, s), ErrorCode.INVALID_OP,
                    "op_delete_mismatch");
            case 6 -> tooLarge(r, v, seq, self);
            case 7 -> join(r, v);
            case 8 -> joinFuture(r, v);
            case 9 -> {
                String doc = q(forbidden(r));
                yield HostileCase.reply("join-forbidden", obj("type", q("join"), "doc", doc), Error.of(ErrorCode.FORBIDDEN, null, doc, null), false);
            }
            case 10 -> HostileCase.reply("join-twice", obj("type", q("join"), "doc", q(AttackedDocs.READ_ONLY)),
                    Error.of(ErrorCode.ALREADY_JOINED, null, q(AttackedDocs.READ_ONLY), null), false);
            case 11 -> {
                String doc = notJoined(r, v);
                yield HostileCase.reply("cursor-not-joined", obj("type", q("cursor"), "doc", doc, "version", "0", "anchor", "0", "head", "0"),
                        Error.of(ErrorCode.NOT_JOINED, null, doc, null), false);
            }
            case 12 -> HostileMessages.silent("cursor-future", obj("type", q("cursor"), "doc", q(atk), "version",
                    futureVersion(r, s.version()), "anchor", "1", "head", "2"));
            case 13 -> HostileMessages.silent("cursor-clamped", obj("type", q("cursor"), "doc", q(atk), "version",
                    Long.toString(r.nextInt((int) s.version() + 1)), "anchor", Integer.toString(r.nextInt(Integer.MAX_VALUE)),
                    "head", "2147483647"));
            case 14 -> {
                String doc = notJoined(r, v);
                yield HostileCase.reply("leave-not-joined", obj("type", q("leave"), "doc", doc), Error.of(ErrorCode.NOT_JOINED, null, doc, null), false);
            }
            default -> leave(r, v);
        };
    }

    private static HostileCase op(String name, String doc, String base, String client, String seq, String op, ErrorCode code,
                                  String detail) {
        String text = obj("type", q("op"), "doc", doc, "base", base, "clientId", client, "seq", seq, "op", op);
        return HostileCase.reply(name, text, Error.of(code, detail, doc, seq), false);
    }

    /** A version above {@code head}, written by value in any of the forms §1 allows. */
    private static String futureVersion(Random r, long head) {
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(head + 1);
            case 1 -> "9007199254740991";
            case 2 -> "1e15";
            default -> (head + 1 + r.nextInt(1000)) + ".0";
        };
    }

    private static String notJoined(Random r, HostileMessages.View v) {
        String doc;
        do {
            doc = switch (r.nextInt(3)) {
                case 0 -> "bys-doc";
                case 1 -> "atk-f-" + r.nextInt(1_000_000);
                default -> "secret-" + r.nextInt(100);
            };
        } while (v.joined().contains(doc));
        return q(doc);
    }

    /** Ids outside the attacker's grants ({@code atk-*} write, {@code ro-*} read); ids are case-sensitive. */
    private static String forbidden(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "bys-doc";
            case 1 -> "ATK-0";
            case 2 -> "xatk-" + r.nextInt(10);
            default -> "secret_" + r.nextInt(100);
        };
    }

    /** An op that skips or deletes past the end of the document (§5: {@code op_too_long}). */
    private static String tooLong(Random r, AttackedDocs.State s) {
        int len = s.length();
        return switch (r.nextInt(3)) {
            case 0 -> "[" + (len + 1 + r.nextInt(100)) + ",\"x\"]";
            case 1 -> "[{\"d\":" + (len + 1 + r.nextInt(100)) + "}]";
            default -> "[\"x\"," + (len + 1 + r.nextInt(100)) + ",\"y\"]";
        };
    }

    /** A delete naming text the document does not hold there ({@code op_delete_mismatch}). */
    private static String mismatch(Random r, AttackedDocs.State s) {
        int at = r.nextInt(s.length());
        return (at == 0 ? "[" : "[" + at + ",") + "{\"d\":\"#\"}]";
    }

    private static HostileCase tooLarge(Random r, HostileMessages.View v, String seq, String self) {
        String big = AttackedDocs.BIG;
        AttackedDocs.State s = v.docs().state(big);
        String insert = "y".repeat(41 + r.nextInt(2000));
        String op = r.nextBoolean() ? "[\"" + insert + "\"]" : "[" + (1 + r.nextInt(s.length())) + ",\"" + insert + "\"]";
        if (!v.joined().contains(big)) { // the join first (not hostile), then the op
            if (!v.mayJoin()) return join(r, v);
            return new HostileCase("op-doc-too-large", List.of(new HostileCase.Text(obj("type", q("join"), "doc", q(big))),
                    new HostileCase.Text(obj("type", q("op"), "doc", q(big), "base", Long.toString(s.version()), "clientId", self,
                            "seq", seq, "op", op))),
                    Error.of(ErrorCode.DOC_TOO_LARGE, null, q(big), seq), false, big, null);
        }
        return op("op-doc-too-large", q(big), Long.toString(s.version()), self, seq, op, ErrorCode.DOC_TOO_LARGE, null);
    }

    /** A fresh document (created on join, §5), or too_many_docs when every slot is taken (§7, §9). */
    private static HostileCase join(Random r, HostileMessages.View v) {
        String doc = "atk-f-" + r.nextInt(1_000_000);
        if (v.joined().contains(doc)) doc = doc + "x";
        String text = obj("type", q("join"), "doc", q(doc));
        if (v.joined().size() >= HostileTrafficIT.MAX_DOCS) {
            return HostileCase.reply("join-too-many", text, Error.of(ErrorCode.TOO_MANY_DOCS, null, q(doc), null), false);
        }
        if (!v.mayJoin()) return leave(r, v);
        return HostileMessages.snapshot("join-fresh", text, doc);
    }

    /** A resume from a version the document never had: {@code version_ahead}, and the join did not happen. */
    private static HostileCase joinFuture(Random r, HostileMessages.View v) {
        if (!v.mayJoin()) return leave(r, v);
        boolean fresh = r.nextBoolean();
        String doc = fresh ? "atk-f-" + r.nextInt(1_000_000) : AttackedDocs.BIG;
        if (v.joined().contains(doc)) return leave(r, v);
        long head = fresh ? 0 : v.docs().state(doc).version();
        return HostileCase.reply("join-future", obj("type", q("join"), "doc", q(doc), "version", futureVersion(r, head)),
                Error.of(ErrorCode.VERSION_AHEAD, null, q(doc), null), false);
    }

    /** Leaves a document joined during the attack (no reply; the others get presence). */
    private static HostileCase leave(Random r, HostileMessages.View v) {
        List<String> extra = new ArrayList<>();
        for (String d : v.joined()) if (d.startsWith("atk-f-") || d.equals(AttackedDocs.BIG)) extra.add(d);
        if (extra.isEmpty()) {
            String doc = notJoined(r, v);
            return HostileCase.reply("leave-not-joined", obj("type", q("leave"), "doc", doc), Error.of(ErrorCode.NOT_JOINED, null, doc, null), false);
        }
        java.util.Collections.sort(extra); // the set's order is not seeded
        String doc = extra.get(r.nextInt(extra.size()));
        return HostileMessages.silent("leave", obj("type", q("leave"), "doc", q(doc))).leaving(doc);
    }
}
