package io.cowrite.core.ot;

/**
 * One component of a text op. Lengths count Unicode code points, never UTF-16 units.
 * Instances are immutable and validated on construction by {@link TextOp#of} / {@link TextOpJson}.
 */
public sealed interface Component permits Component.Skip, Component.Insert, Component.Delete, Component.DeleteText {

    /** Code points this component spans in the document before the op ({@code 0} for inserts). */
    int inputLength();

    /** Code points this component spans in the document after the op ({@code 0} for deletes). */
    int outputLength();

    /** Keep {@code n} code points. */
    record Skip(int n) implements Component {
        public int inputLength() { return n; }
        public int outputLength() { return n; }
    }

    /** Insert {@code text}; {@code length} is its code point count, cached. */
    record Insert(String text, int length) implements Component {
        public Insert(String text) { this(text, text.codePointCount(0, text.length())); }
        public int inputLength() { return 0; }
        public int outputLength() { return length; }
    }

    /** Delete {@code n} code points whose text is not known ({@code {"d": N}}); not invertible. */
    record Delete(int n) implements Component {
        public int inputLength() { return n; }
        public int outputLength() { return 0; }
    }

    /** Delete exactly {@code text} ({@code {"d": "text"}}); invertible. */
    record DeleteText(String text, int length) implements Component {
        public DeleteText(String text) { this(text, text.codePointCount(0, text.length())); }
        public int inputLength() { return length; }
        public int outputLength() { return 0; }
    }
}
