package dev.miyu.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a service under test at the per-JVM broker and at its own database. Use with
 * {@code @QuarkusTestResource(value = MiyuTestResource.class, initArgs = @ResourceArg(name = "database", value = "..."))}.
 */
public class MiyuTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = Infra.kafka().bootstrapServers();
        if (database == null) {
            return Map.of("kafka.bootstrap.servers", bootstrap);
        }
        EmbeddedPostgres pg = Infra.database(database);
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.datasource.username", EmbeddedPostgres.USER,
                "quarkus.datasource.password", pg.password(),
                "quarkus.datasource.reactive.url", pg.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
    }

    @Override
    public void stop() {
        // The broker and database live for the whole JVM; Infra stops them at exit.
    }
}
