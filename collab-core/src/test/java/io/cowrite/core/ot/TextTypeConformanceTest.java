package io.cowrite.core.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the vectors made by {@code collab-core/conformance/generate.mjs} from ot-text-unicode 4.0.0. Reads
 * the directory named by the system property {@code cowrite.conformance.dir} when set, else the classpath
 * resources under {@code /conformance}. Ops are compared as JSON trees after parsing both sides through
 * {@link TextOpJson} and normalizing; unknown fields on a line are ignored. Every failing line is reported
 * as {@code file:line}.
 */
class TextTypeConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("transform", "compose", "apply", "cursor", "invalid");
    private static final List<String> OPTIONAL = List.of("invert");
    private static final AtomicInteger CHECKED = new AtomicInteger();
    private static final int MAX_REPORTED = 40;

    @FunctionalInterface
    private interface Check {
        void run(JsonNode line) throws Exception;
    }

    /** The vector directory, or null for the classpath. A value left as {@code ${...}} by Maven is unset. */
    static Path configuredDir() {
        String dir = System.getProperty("cowrite.conformance.dir");
        if (dir == null || dir.isBlank() || dir.startsWith("${")) return null;
        return Path.of(dir);
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        Path dir = configuredDir();
        System.out.println("[conformance] vectors from " + (dir == null ? "classpath:/conformance" : dir.toAbsolutePath()));
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : REQUIRED) tests.add(DynamicTest.dynamicTest(name + ".jsonl", () -> replay(dir, name, true)));
        for (String name : OPTIONAL) tests.add(DynamicTest.dynamicTest(name + ".jsonl", () -> replay(dir, name, false)));
        return tests.stream();
    }

    @AfterAll
    static void summary() {
        System.out.println("[conformance] checked " + CHECKED.get() + " lines in total");
    }

    private static InputStream open(Path dir, String file) throws IOException {
        if (dir != null) {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.newInputStream(p) : null;
        }
        return TextTypeConformanceTest.class.getResourceAsStream("/conformance/" + file);
    }

    private static void replay(Path dir, String name, boolean required) throws IOException {
        String file = name + ".jsonl";
        Check check = switch (name) {
            case "transform" -> TextTypeConformanceTest::transform;
            case "compose" -> TextTypeConformanceTest::compose;
            case "apply" -> TextTypeConformanceTest::apply;
            case "cursor" -> TextTypeConformanceTest::cursor;
            case "invert" -> TextTypeConformanceTest::invert;
            case "invalid" -> TextTypeConformanceTest::invalid;
            default -> throw new IllegalArgumentException(name);
        };
        List<String> failures = new ArrayList<>();
        int lines = 0;
        try (InputStream in = open(dir, file)) {
            if (in == null) {
                if (required) fail("missing conformance file " + file + " in " + (dir == null ? "classpath:/conformance" : dir));
                System.out.println("[conformance] " + file + ": absent, skipped");
                return;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String text;
            int lineNo = 0;
            while ((text = r.readLine()) != null) {
                lineNo++;
                if (text.isBlank()) continue;
                lines++;
                try {
                    check.run(MAPPER.readTree(text));
                } catch (Throwable t) {
                    failures.add(file + ":" + lineNo + ": " + t + "\n    " + abbreviate(text));
                }
            }
        }
        CHECKED.addAndGet(lines);
        System.out.println("[conformance] " + file + ": checked " + lines + " lines, " + failures.size() + " failed");
        assertTrue(lines > 0, file + " is empty");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + lines + " lines of " + file + " failed:\n"
                    + String.join("\n", failures.subList(0, Math.min(MAX_REPORTED, failures.size()))));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    // ---- per-file checks ----

    private static void transform(JsonNode l) throws OtException {
        Side side = Objects.requireNonNull(Side.fromWire(l.get("side").textValue()), "side");
        TextOp a = TextOpJson.fromJson(l.get("a"));
        TextOp b = TextOpJson.fromJson(l.get("b"));
        expectOp("transform", l.get("result"), TextType.transform(a, b, side));
    }

    private static void compose(JsonNode l) throws OtException {
        TextOp a = TextOpJson.fromJson(l.get("a"));
        TextOp b = TextOpJson.fromJson(l.get("b"));
        expectOp("compose", l.get("result"), TextType.compose(a, b));
    }

    private static void apply(JsonNode l) throws OtException {
        String got = TextType.apply(l.get("doc").textValue(), TextOpJson.fromJson(l.get("op")));
        expect("apply", l.get("result").textValue(), got);
    }

    private static void cursor(JsonNode l) throws OtException {
        int got = TextType.transformPosition(l.get("pos").intValue(), TextOpJson.fromJson(l.get("op")));
        expect("transformPosition", l.get("result").intValue(), got);
    }

    private static void invert(JsonNode l) throws OtException {
        TextOp op = TextOpJson.fromJson(l.get("op"));
        TextOp inv = TextType.makeInvertible(op, l.get("doc").textValue());
        expectOp("makeInvertible", l.get("invertible"), inv);
        expectOp("invert", l.get("inverse"), TextType.invert(inv));
        expectOp("stripInvertible", l.get("stripped"), TextType.stripInvertible(op));
        expectOp("normalize", l.get("normalized"), TextType.normalize(op));
    }

    private static void invalid(JsonNode l) {
        try {
            TextOp op = TextOpJson.fromJson(l.get("op"));
            TextType.apply(l.get("doc").textValue(), op);
        } catch (OtException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("a RuntimeException escaped instead of an OtException: " + e, e);
        }
        throw new AssertionError("accepted an op the package rejects");
    }

    // ---- comparison ----

    /** The package's op and ours, both parsed through TextOpJson and normalized, must be equal JSON trees. */
    private static void expectOp(String what, JsonNode expectedJson, TextOp actual) throws OtException {
        JsonNode expected = TextOpJson.toJson(TextType.normalize(TextOpJson.fromJson(expectedJson)));
        JsonNode got = TextOpJson.toJson(TextType.normalize(actual));
        if (!expected.equals(got)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + got);
        }
    }

    private static void expect(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual);
        }
    }
}
