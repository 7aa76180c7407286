package io.cowrite.history;

/**
 * Tunables shared by every {@link OpLog}.
 *
 * @param milestoneInterval a milestone (the full text) is stored at every multiple of this version
 * @param pageSize          the most ops one range page or one conflict answer carries
 */
public record OpLogSettings(int milestoneInterval, int pageSize) {
    public OpLogSettings {
        if (milestoneInterval < 1) throw new IllegalArgumentException("milestoneInterval < 1");
        if (pageSize < 1) throw new IllegalArgumentException("pageSize < 1");
    }

    public static OpLogSettings defaults() {
        return new OpLogSettings(100, 500);
    }
}
