package io.cowrite.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Edge cases and every error code TextType and TextOpJson can raise, with the exact code. */
class TextTypeTest {

    private static TextOp op(String json) throws OtException {
        return TextOpJson.parse(json);
    }

    private static String json(TextOp op) {
        return TextOpJson.toJsonString(op);
    }

    private static OtError error(Executable e) {
        try {
            e.run();
        } catch (OtException ex) {
            return ex.error();
        }
        throw new AssertionError("expected an OtException");
    }

    @FunctionalInterface
    private interface Executable {
        void run() throws OtException;
    }

    // ---- normalize ----

    @Test
    void normalizeMergesLikeMakeAppend() throws OtException {
        assertEquals("[\"ab\"]", json(TextType.normalize(op("[\"a\",\"b\"]"))));
        assertEquals("[{\"d\":\"ab\"}]", json(TextType.normalize(op("[{\"d\":\"a\"},{\"d\":\"b\"}]"))));
        assertEquals("[{\"d\":3}]", json(TextType.normalize(op("[{\"d\":\"a\"},{\"d\":2}]"))));
        assertEquals("[{\"d\":3}]", json(TextType.normalize(op("[{\"d\":2},{\"d\":\"a\"}]"))));
        assertEquals("[1,\"x\",{\"d\":1},\"y\"]", json(TextType.normalize(op("[1,\"x\",{\"d\":1},\"y\"]"))));
        assertEquals("[]", json(TextType.normalize(TextOp.NOOP)));
        assertTrue(TextType.isNoop(TextOp.NOOP));
        assertFalse(TextType.isNoop(op("[\"a\"]")));
    }

    // ---- apply ----

    @Test
    void applyCountsCodePoints() throws OtException {
        String doc = "a😀b👨‍👩‍👧c";
        assertEquals("a😀Xb👨‍👩‍👧c", TextType.apply(doc, op("[2,\"X\"]")));
        assertEquals("ab👨‍👩‍👧c", TextType.apply(doc, op("[1,{\"d\":1}]")));
        assertEquals("ab👨‍👩‍👧c", TextType.apply(doc, op("[1,{\"d\":\"😀\"}]")));
        // the ZWJ family is 5 code points
        assertEquals("a😀bc", TextType.apply(doc, op("[3,{\"d\":5}]")));
        assertEquals("", TextType.apply("", TextOp.NOOP));
        assertEquals("hi", TextType.apply("", op("[\"hi\"]")));
        assertEquals(doc, TextType.apply(doc, TextOp.NOOP));
        assertEquals(doc + "!", TextType.apply(doc, op("[9,\"!\"]")));
        assertEquals("", TextType.apply(doc, op("[{\"d\":9}]")));
    }

    @Test
    void applyIsStricterThanThePackage() throws OtException {
        assertEquals(OtError.TOO_LONG, error(() -> TextType.apply("abc", op("[4,\"x\"]"))));
        assertEquals(OtError.TOO_LONG, error(() -> TextType.apply("abc", op("[{\"d\":4}]"))));
        assertEquals(OtError.TOO_LONG, error(() -> TextType.apply("abc", op("[2,{\"d\":\"cd\"}]"))));
        assertEquals(OtError.TOO_LONG, error(() -> TextType.apply("", op("[{\"d\":1}]"))));
        assertEquals(OtError.TOO_LONG, error(() -> TextType.apply("😀", op("[2,\"x\"]"))));
        assertEquals(OtError.DELETE_MISMATCH, error(() -> TextType.apply("abc", op("[1,{\"d\":\"c\"}]"))));
        assertEquals(OtError.DELETE_MISMATCH, error(() -> TextType.apply("😀", op("[{\"d\":\"😁\"}]"))));
    }

    // ---- transform ----

    @Test
    void transformTieBreak() throws OtException {
        TextOp a = op("[1,\"a\"]");
        TextOp b = op("[1,\"b\"]");
        assertEquals("[1,\"a\"]", json(TextType.transform(a, b, Side.LEFT)));
        assertEquals("[2,\"a\"]", json(TextType.transform(a, b, Side.RIGHT)));
        // unnormalized: only the first of two adjacent inserts goes left of the other's insert (take(-1))
        assertEquals("[\"a\",1,\"b\"]", json(TextType.transform(op("[\"a\",\"b\"]"), op("[\"X\"]"), Side.LEFT)));
        assertEquals("[1,\"ab\"]", json(TextType.transform(op("[\"a\",\"b\"]"), op("[\"X\"]"), Side.RIGHT)));
    }

    @Test
    void transformDeletes() throws OtException {
        // overlapping deletes: the part already deleted vanishes
        assertEquals("[1,{\"d\":\"b\"}]", json(TextType.transform(op("[1,{\"d\":\"bc\"}]"), op("[2,{\"d\":\"cd\"}]"), Side.LEFT)));
        // an insert inside a range the other op deletes survives
        assertEquals("[1,\"x\"]", json(TextType.transform(op("[2,\"x\"]"), op("[1,{\"d\":3}]"), Side.LEFT)));
        // a delete split by the other's skip keeps its text form
        assertEquals("[{\"d\":\"a\"},1,{\"d\":\"b\"}]",
                json(TextType.transform(op("[{\"d\":\"ab\"}]"), op("[1,\"X\"]"), Side.LEFT)));
        assertEquals("[{\"d\":1},1,{\"d\":1}]",
                json(TextType.transform(op("[{\"d\":2}]"), op("[1,\"X\"]"), Side.LEFT)));
    }

    // ---- compose ----

    @Test
    void compose() throws OtException {
        assertEquals("[\"ac\"]", json(TextType.compose(op("[\"abc\"]"), op("[1,{\"d\":\"b\"}]"))));
        assertEquals("[{\"d\":\"xy\"}]", json(TextType.compose(op("[{\"d\":\"x\"}]"), op("[{\"d\":\"y\"}]"))));
        assertEquals("[{\"d\":2}]", json(TextType.compose(op("[{\"d\":\"x\"}]"), op("[{\"d\":1}]"))));
        assertEquals("[1,\"😀\"]", json(TextType.compose(op("[1,\"😀\"]"), TextOp.NOOP)));
        // b's text delete split across a's insert keeps only the skipped part's text
        assertEquals("[{\"d\":\"b\"}]", json(TextType.compose(op("[\"a\"]"), op("[{\"d\":\"ab\"}]"))));
    }

    // ---- cursors ----

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "2,2", "3,5", "4,5", "5,5", "6,6", "7,7", "-1,-1"})
    void transformPosition(int before, int after) throws OtException {
        // doc "abcdef": insert "XY" at 2 (cursor at 2 stays), delete 2 chars at 3..5
        TextOp o = op("[2,\"XY\",1,{\"d\":2}]");
        assertEquals(after, TextType.transformPosition(before, o));
    }

    @Test
    void transformSelection() throws OtException {
        assertEquals(new TextType.Selection(4, 0), TextType.transformSelection(3, 0, op("[1,\"😀\"]")));
    }

    // ---- invert ----

    @Test
    void invertRoundTrip() throws OtException {
        String doc = "héllo 👍🏽 world";
        TextOp o = op("[1,{\"d\":1},\"e\",4,{\"d\":2},\"🎉\"]");
        TextOp inv = TextType.makeInvertible(o, doc);
        assertEquals("[1,{\"d\":\"é\"},\"e\",4,{\"d\":\"👍🏽\"},\"🎉\"]", json(inv));
        String after = TextType.apply(doc, inv);
        assertEquals(doc, TextType.apply(after, TextType.invert(inv)));
        assertEquals("[1,{\"d\":1},\"e\",4,{\"d\":2},\"🎉\"]", json(TextType.stripInvertible(inv)));
        assertEquals(OtError.NOT_INVERTIBLE, error(() -> TextType.invert(o)));
        assertEquals(OtError.TOO_LONG, error(() -> TextType.makeInvertible(op("[3,{\"d\":1}]"), "abc")));
        assertEquals(OtError.TOO_LONG, error(() -> TextType.makeInvertible(op("[4,\"x\"]"), "abc")));
        assertEquals(OtError.DELETE_MISMATCH, error(() -> TextType.makeInvertible(op("[{\"d\":\"b\"}]"), "abc")));
    }

    // ---- every error code the JSON form raises ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                 | NOT_AN_ARRAY",
        "\"x\"              | NOT_AN_ARRAY",
        "3                  | NOT_AN_ARRAY",
        "null               | NOT_AN_ARRAY",
        "[                  | NOT_AN_ARRAY",
        "[true]             | BAD_COMPONENT",
        "[null]             | BAD_COMPONENT",
        "[[1]]              | BAD_COMPONENT",
        "[{\"d\":1,\"x\":2}]| BAD_COMPONENT",
        "[{}]               | BAD_DELETE",
        "[{\"d\":true}]     | BAD_DELETE",
        "[{\"d\":null}]     | BAD_DELETE",
        "[{\"d\":1.5}]      | BAD_DELETE",
        "[{\"d\":0}]        | EMPTY_DELETE",
        "[{\"d\":-2}]       | EMPTY_DELETE",
        "[{\"d\":\"\"}]     | EMPTY_DELETE",
        "[\"\"]             | EMPTY_INSERT",
        "[0,\"x\"]          | BAD_SKIP",
        "[-1,\"x\"]         | BAD_SKIP",
        "[1.5,\"x\"]        | BAD_SKIP",
        "[2147483648,\"x\"] | BAD_SKIP",
        "[1,2,\"x\"]        | ADJACENT_SKIPS",
        "[3]                | TRAILING_SKIP",
        "[\"x\",2]          | TRAILING_SKIP",
        "[\"\\ud800\"]      | ILL_FORMED_UTF16",
        "[{\"d\":\"a\\udc00\"}] | ILL_FORMED_UTF16",
    })
    void jsonErrors(String json, OtError expected) {
        assertEquals(expected, error(() -> TextOpJson.parse(json)));
    }

    @Test
    void wholeNumbersAreSkips() throws OtException {
        assertEquals("[3,\"x\"]", json(op("[3.0,\"x\"]")));
        assertEquals(Side.LEFT, Side.fromWire("left"));
        assertEquals(Side.RIGHT, Side.LEFT.opposite());
    }

    @Test
    void ofChecksComponents() {
        assertEquals(OtError.EMPTY_INSERT, error(() -> TextOp.of(new Component.Insert(""))));
        assertEquals(OtError.TRAILING_SKIP, error(() -> TextOp.of(new Component.Skip(1))));
        assertThrows(OtException.class, () -> TextOp.of(new Component.Delete(0)));
    }
}
