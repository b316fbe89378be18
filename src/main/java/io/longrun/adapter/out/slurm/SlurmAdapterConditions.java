package io.longrun.adapter.out.slurm;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Which adapters {@code longrun.slurm.adapter} needs: {@code auto} needs both. */
public final class SlurmAdapterConditions {
    static final String PROPERTY = "longrun.slurm.adapter";

    private SlurmAdapterConditions() {
    }

    /** {@code rest} (the default) or {@code auto}. */
    public static final class RestNeeded extends AnyNestedCondition {
        RestNeeded() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = PROPERTY, havingValue = "rest", matchIfMissing = true)
        static final class Rest {
        }

        @ConditionalOnProperty(name = PROPERTY, havingValue = "auto")
        static final class Auto {
        }
    }

    /** {@code cli} or {@code auto}. */
    public static final class CliNeeded extends AnyNestedCondition {
        CliNeeded() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = PROPERTY, havingValue = "cli")
        static final class Cli {
        }

        @ConditionalOnProperty(name = PROPERTY, havingValue = "auto")
        static final class Auto {
        }
    }
}
