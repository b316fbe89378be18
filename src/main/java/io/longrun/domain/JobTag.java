package io.longrun.domain;

import io.longrun.domain.sbatch.SbatchOptions;

/**
 * Every job Longrun submits carries its chain and attempt ({@code longrun:<chain>:<attempt>}) at the end of its
 * comment, so that a job whose id Longrun never stored (it stopped right after Slurm accepted the job) can be
 * found again. Both adapters build the comment and recognise the tag with these two rules.
 */
public final class JobTag {
    private JobTag() {
    }

    /** The tag of an attempt. */
    static String of(Chain chain, Attempt attempt) {
        return "longrun:" + chain.id() + ":" + attempt.number();
    }

    /**
     * The job's comment: the script's own {@code --comment}, a blank, then the tag, so that both the user's text
     * and the chain stay visible ({@code squeue -o %k}).
     */
    public static String comment(SbatchOptions options, String tag) {
        String own = options.comment().filter(comment -> !comment.isEmpty()).orElse(null);
        if (own == null) {
            return tag;
        }
        return tag == null || tag.isEmpty() ? own : own + " " + tag;
    }

    /** Whether a job's comment, as Slurm reports it, carries this tag (alone, or after the user's comment). */
    public static boolean carriesTag(String jobComment, String tag) {
        return jobComment != null && tag != null && !tag.isEmpty()
                && (jobComment.equals(tag) || jobComment.endsWith(" " + tag));
    }
}
