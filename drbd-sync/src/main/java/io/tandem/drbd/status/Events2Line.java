package io.tandem.drbd.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/** One line of {@code drbdsetup events2}: an event about an object, or the end of the initial state dump. */
public sealed interface Events2Line permits Events2Line.ObjectEvent, Events2Line.InitialStateComplete {

    /** {@code --timestamps} adds an ISO-8601 prefix; empty without it. */
    Optional<String> timestamp();

    enum Action {
        /** Part of the initial dump (or of {@code --now}). */
        EXISTS,
        CREATE,
        CHANGE,
        DESTROY,
        /** A handler (such as {@code split-brain}) is being called. */
        CALL,
        /** A handler returned; {@code status:} is its exit code. */
        RESPONSE
    }

    enum ObjectType {
        RESOURCE,
        DEVICE,
        CONNECTION,
        PEER_DEVICE,
        PATH,
        HELPER
    }

    /**
     * {@code [TIMESTAMP ]ACTION OBJECT key:value …}. With {@code --diff}, a value {@code old->new} is stored as its new
     * value.
     */
    record ObjectEvent(
            Optional<String> timestamp, Action action, ObjectType object, SequencedMap<String, String> fields)
            implements Events2Line {

        public ObjectEvent {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(object, "object");
            fields = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(fields));
        }

        public String resourceName() {
            return fields.get("name");
        }
    }

    /** {@code exists -}: every object has been listed once; later lines are changes. */
    record InitialStateComplete(Optional<String> timestamp) implements Events2Line {
        public InitialStateComplete {
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}
