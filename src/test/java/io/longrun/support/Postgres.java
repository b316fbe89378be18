package io.longrun.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL server of these machines (127.0.0.1:5432, trust auth): each test gets a fresh database.
 * Without a server the test skips itself, unless {@code -Dlongrun.requireSlurm=true} (CI) demands the real parts.
 */
public final class Postgres {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private Postgres() {
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String freshDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException unavailable) {
            if (Boolean.getBoolean("longrun.requireSlurm")) {
                throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is needed: " + unavailable.getMessage());
            }
            assumeTrue(false, "no PostgreSQL at 127.0.0.1:5432: " + unavailable.getMessage());
        }
        return SERVER + name;
    }

    /** Points a Spring test's datasource at a database made by {@link #freshDatabase} (read when the context starts). */
    public static void datasource(DynamicPropertyRegistry registry, Supplier<Object> url) {
        registry.add("spring.datasource.url", url);
        registry.add("spring.datasource.username", Postgres::user);
        registry.add("spring.datasource.password", () -> "");
    }

    public static String user() {
        return USER;
    }
}
