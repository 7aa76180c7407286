package io.cowrite.editor.session;

/** A stable color per client id, from a palette readable on white and on dark backgrounds. */
final class Colors {
    private static final String[] PALETTE = {
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
        "#469990", "#800000", "#808000", "#000075", "#bfef45", "#dcbeff", "#fabed4", "#ffd8b1"
    };

    private Colors() {
    }

    static String forClient(String clientId) {
        return PALETTE[Math.floorMod(clientId.hashCode(), PALETTE.length)];
    }
}
