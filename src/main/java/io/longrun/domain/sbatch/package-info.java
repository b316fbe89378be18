/**
 * Reading sbatch options the way sbatch does, because slurmrestd ignores {@code #SBATCH} lines.
 *
 * <p>Entry points: {@link io.longrun.domain.sbatch.SbatchParser#parse} (script directives, then args that
 * override them) and {@link io.longrun.domain.sbatch.SbatchParser#parseArgs}; the result is an immutable
 * {@link io.longrun.domain.sbatch.SbatchOptions} that renders back to canonical sbatch arguments with
 * {@link io.longrun.domain.sbatch.SbatchOptions#toArgs()}. Failures are
 * {@link io.longrun.domain.sbatch.InvalidSbatchOptionException} (its subclass
 * {@link io.longrun.domain.sbatch.InvalidSbatchScriptException} for problems of the script itself).
 *
 * <p>Sources: Slurm's src/sbatch/opt.c ({@code _opt_batch_script}), src/common/slurm_opt.c (option table
 * and set functions), src/common/parse_time.c ({@code parse_time}, {@code time_str2mins}),
 * src/common/proc_args.c ({@code str_to_mbytes}, {@code verify_node_count}, {@code get_signal_opts},
 * {@code parse_mail_type}) and src/sbatch/sbatch.c (script checks, {@code --export} item splitting).
 *
 * <p>sbatch behaviour kept although it surprises: {@code --time=0} is unlimited; seconds round up to
 * minutes; {@code --par} is ambiguous (--parsable, --partition) and so are {@code --ti}, {@code --node},
 * {@code --expor}; optional values need {@code =}; {@code --mail-type} accumulates over all occurrences;
 * {@code #SBATCH} must start in column 1 and directives stop at the first command; an unquoted {@code #}
 * ends a directive even inside a word; {@code \ } does not escape a blank; {@code ""} ends a directive
 * line; {@code --begin=Today} is invalid (upper-case T is a separator) while {@code NOW} is fine; a date
 * without a year that is today means next year; {@code --nodes=-4} is 1-4; {@code --open-mode} looks at
 * the first letter only; any directive line containing "hetjob"/"packjob" starts a heterogeneous job
 * (refused here).
 *
 * <p>Deliberately stricter than sbatch (sbatch would accept, then usually misbehave): numbers are digits
 * only (no blanks, no {@code +} where sbatch's strtol takes one); unknown {@code --mail-type} words
 * (sbatch drops them silently); impossible dates such as 02/30 (mktime rolls them over); signal numbers
 * above 64; an empty {@code @} delay; node count lists and a maximum of 0; empty names and paths;
 * control characters in names; export variable names that are not shell names, unbalanced quotes, and
 * NONE/NIL inside a list; {@code --exclusive=oversubscribe}; negative or overflowing times and sizes.
 * Valid sbatch options that Longrun does not read are refused as unsupported rather than ignored.
 */
package io.longrun.domain.sbatch;
