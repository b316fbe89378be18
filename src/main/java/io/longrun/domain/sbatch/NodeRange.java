package io.longrun.domain.sbatch;

/**
 * {@code --nodes}: a node count ({@code min == max}) or a range {@code min-max}.
 */
public record NodeRange(int min, int max) {

    public NodeRange {
        if (min < 0) {
            throw new IllegalArgumentException("node count must not be negative");
        }
        if (max < min) {
            throw new IllegalArgumentException("maximum node count " + max + " is less than minimum " + min);
        }
    }

    public static NodeRange exactly(int count) {
        return new NodeRange(count, count);
    }

    public boolean isExact() {
        return min == max;
    }

    public String toSlurmString() {
        return isExact() ? Integer.toString(min) : min + "-" + max;
    }
}
