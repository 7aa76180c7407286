package io.cowrite.core.protocol;

/** Builds a {@link ClientMessage} from the fields of a frame whose {@code type} is known. */
final class ClientReader {
    private ClientReader() {
    }

    /** The client message types of protocol v1. */
    static boolean isType(String type) {
        return switch (type) {
            case "hello", "join", "op", "cursor", "leave", "ping" -> true;
            default -> false;
        };
    }

    static ClientMessage read(String type, JsonFields f) throws FieldException {
        return switch (type) {
            case "hello" -> new ClientMessage.Hello(
                    f.int32("protocol", 1, Integer.MAX_VALUE),
                    f.optClientId("clientId"),
                    f.optResume("resume"),
                    f.optString("token", Protocol.MAX_TOKEN_LENGTH),
                    f.optString("name", Protocol.MAX_NAME_LENGTH));
            case "join" -> new ClientMessage.Join(
                    f.doc("doc"),
                    f.optInteger("version", 0, Protocol.MAX_SAFE_INTEGER));
            case "op" -> {
                var doc = f.doc("doc");
                long base = f.version("base");
                String clientId = f.clientId("clientId");
                long seq = f.seq("seq");
                yield new ClientMessage.Op(doc, base, clientId, seq, f.op("op"));
            }
            case "cursor" -> new ClientMessage.Cursor(
                    f.doc("doc"),
                    f.version("version"),
                    f.int32("anchor", 0, Integer.MAX_VALUE),
                    f.int32("head", 0, Integer.MAX_VALUE));
            case "leave" -> new ClientMessage.Leave(f.doc("doc"));
            case "ping" -> new ClientMessage.Ping(f.pingId("id"));
            default -> throw new FieldException(ErrorCode.UNKNOWN_TYPE, "Unknown message type");
        };
    }
}
