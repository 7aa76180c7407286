package io.cowrite.editor.session;

/** A stable color per client id, from a palette readable on white and on dark backgrounds. */
final class Colors {
    private static final String[] PALETTE = {
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#0e8a9e", "#c2185b", "#9a6324",
        "#469990", "#800000", "#6b8e23", "#000075", "#5d4037", "#7b1fa2", "#d84315", "#2e7d32"
    };

    private Colors() {
    }

    static String forClient(String clientId) {
        return PALETTE[Math.floorMod(clientId.hashCode() * 0x9E3779B1, PALETTE.length)];
    }

    /** {@code preferred} unless taken, else the next palette color that is free (or preferred if all are). */
    static String distinct(String preferred, java.util.Set<String> taken) {
        if (!taken.contains(preferred)) return preferred;
        int start = java.util.Arrays.asList(PALETTE).indexOf(preferred);
        for (int i = 1; i <= PALETTE.length; i++) {
            String c = PALETTE[Math.floorMod(start + i, PALETTE.length)];
            if (!taken.contains(c)) return c;
        }
        return preferred;
    }
}
