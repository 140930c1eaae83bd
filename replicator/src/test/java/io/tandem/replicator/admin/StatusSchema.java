package io.tandem.replicator.admin;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The published schema of the status document, {@code status-v1.schema.json}, as tests check documents against it. */
final class StatusSchema {

    private static final Schema SCHEMA = load();

    private StatusSchema() {}

    /**
     * Every way {@code json} breaks the schema; empty when it conforms. {@code format: date-time} is asserted,
     * not only annotated (2020-12's default), so a time that is not RFC 3339 is a violation too.
     */
    static List<String> violations(String json) {
        return SCHEMA.validate(json, InputFormat.JSON,
                        context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
                .stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream schema = StatusSchema.class.getResourceAsStream("status-v1.schema.json")) {
            if (schema == null) {
                throw new IllegalStateException("status-v1.schema.json is not on the class path next to StatusJson");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
