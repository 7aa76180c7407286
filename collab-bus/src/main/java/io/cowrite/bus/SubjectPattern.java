package io.cowrite.bus;

/** NATS subject matching: {@code *} matches one token, a trailing {@code >} matches one or more. */
final class SubjectPattern {
    private SubjectPattern() {
    }

    static boolean matches(String pattern, String subject) {
        if (pattern.equals(subject)) return true;
        String[] p = pattern.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) return i == p.length - 1 && s.length > i;
            if (i >= s.length) return false;
            if (!p[i].equals("*") && !p[i].equals(s[i])) return false;
        }
        return p.length == s.length;
    }
}
