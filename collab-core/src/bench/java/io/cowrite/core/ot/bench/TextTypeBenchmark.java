package io.cowrite.core.ot.bench;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.DocText;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * TextType on a ~100 KB document (mostly ASCII prose with CJK and astral emoji sprinkled in) with typing-like
 * ops near a cursor in the middle: a one-character insert, a word delete, a 2 KB paste. Run with the
 * {@code bench} profile (see docs/benchmarks.md). The {@code docText} benchmarks edit the same document in
 * place ({@link DocText}): each call applies an op and then its inverse, so the document stays as it was and
 * one call is two ops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TextTypeBenchmark {
    private static final String[] WORDS = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "collaborative",
        "editor", "中文", "テキスト", "😀", "👍🏽", "naïve", "e\u0301t\u00e9", "\n"};

    String doc;
    int cursor;
    TextOp typeChar;
    TextOp typeCharNearby;
    TextOp wordDelete;
    TextOp wordDeleteText;
    TextOp paste;
    DocText docText;
    TextOp typeCharUndo;
    TextOp wordDeleteUndo;
    TextOp pasteUndo;

    @Setup
    public void setUp() throws OtException {
        SplittableRandom r = new SplittableRandom(42);
        StringBuilder sb = new StringBuilder(110_000);
        while (sb.length() < 100_000) sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        doc = sb.toString();
        int cps = doc.codePointCount(0, doc.length());
        cursor = cps / 2;
        String word = doc.substring(doc.offsetByCodePoints(0, cursor), doc.offsetByCodePoints(0, cursor + 5));
        StringBuilder p = new StringBuilder();
        while (p.length() < 2048) p.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        typeChar = TextOp.of(new Component.Skip(cursor), new Component.Insert("x"));
        typeCharNearby = TextOp.of(new Component.Skip(cursor + 3), new Component.Insert("y"));
        wordDelete = TextOp.of(new Component.Skip(cursor), new Component.Delete(5));
        wordDeleteText = TextOp.of(new Component.Skip(cursor), new Component.DeleteText(word));
        paste = TextOp.of(new Component.Skip(cursor - 10), new Component.Insert(p.toString()));
        docText = new DocText(doc);
        typeCharUndo = TextType.invert(TextType.makeInvertible(typeChar, doc));
        wordDeleteUndo = TextType.invert(wordDeleteText);
        pasteUndo = TextType.invert(paste);
    }

    @Benchmark
    public DocText docTextTypeCharAndUndo() throws OtException {
        docText.apply(typeChar);
        docText.apply(typeCharUndo);
        return docText;
    }

    @Benchmark
    public DocText docTextWordDeleteAndUndo() throws OtException {
        docText.apply(wordDeleteText);
        docText.apply(wordDeleteUndo);
        return docText;
    }

    @Benchmark
    public DocText docTextPasteAndUndo() throws OtException {
        docText.apply(paste);
        docText.apply(pasteUndo);
        return docText;
    }

    @Benchmark
    public TextOp docTextMakeInvertibleWordDelete() throws OtException {
        return docText.makeInvertible(wordDelete);
    }

    @Benchmark
    public String applyTypeChar() throws OtException {
        return TextType.apply(doc, typeChar);
    }

    @Benchmark
    public String applyWordDelete() throws OtException {
        return TextType.apply(doc, wordDeleteText);
    }

    @Benchmark
    public String applyPaste() throws OtException {
        return TextType.apply(doc, paste);
    }

    @Benchmark
    public TextOp transformTypeVsType() {
        return TextType.transform(typeChar, typeCharNearby, Side.LEFT);
    }

    @Benchmark
    public TextOp transformPasteVsWordDelete() {
        return TextType.transform(paste, wordDelete, Side.RIGHT);
    }

    @Benchmark
    public TextOp composeTypeThenType() {
        return TextType.compose(typeChar, typeCharNearby);
    }

    @Benchmark
    public TextOp composePasteThenWordDelete() {
        return TextType.compose(paste, wordDeleteText);
    }

    @Benchmark
    public TextOp makeInvertibleWordDelete() throws OtException {
        return TextType.makeInvertible(wordDelete, doc);
    }
}
