package io.cowrite.editor;

import io.micronaut.runtime.Micronaut;

/** Runs an editor node on its own (distributed mode): {@code java -jar editor-server.jar}. */
public final class EditorApplication {
    private EditorApplication() {
    }

    public static void main(String[] args) {
        Drain.onSigterm(Micronaut.build(args).mainClass(EditorApplication.class).environments("editor").start());
    }
}
