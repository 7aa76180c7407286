package io.cowrite.auth;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Permissions on the documents whose id matches {@code docPattern}: document-id characters and
 * {@code *}, which matches any run of characters ({@code *} alone: every document; {@code team-*}:
 * every id starting with {@code team-}). Thread-safe (immutable).
 */
public record Grant(String docPattern, Set<Permission> permissions) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_*-]{1,128}");

    public Grant {
        if (docPattern == null || !SHAPE.matcher(docPattern).matches()) {
            throw new IllegalArgumentException("a grant's doc pattern is 1-128 characters of [A-Za-z0-9_*-]");
        }
        permissions = Set.copyOf(permissions);
    }

    /** Every permission on every document. */
    public static Grant everything() {
        return new Grant("*", Set.of(Permission.ADMIN));
    }

    public boolean matches(String doc) {
        return glob(docPattern, 0, doc, 0);
    }

    /** True when this grant gives {@code wanted} (or a permission that implies it) on {@code doc}. */
    public boolean allows(Permission wanted, String doc) {
        if (!matches(doc)) return false;
        for (Permission p : permissions) if (p.allows(wanted)) return true;
        return false;
    }

    private static boolean glob(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                while (i < p.length() && p.charAt(i) == '*') i++; // "**" is "*"
                if (i == p.length()) return true;
                for (int k = j; k <= s.length(); k++) if (glob(p, i, s, k)) return true;
                return false;
            }
            if (j >= s.length() || s.charAt(j) != c) return false;
            i++;
            j++;
        }
        return j == s.length();
    }
}
