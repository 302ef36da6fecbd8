package dev.miyu.auth;

import dev.miyu.testsupport.MiyuTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Points every {@code @QuarkusTest} of this module at the per-JVM Kafka broker and at the miyu_auth database. */
@QuarkusTestResource(value = MiyuTestResource.class, initArgs = @ResourceArg(name = "database", value = "miyu_auth"))
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
