package io.tandem.heartbeat.wire;

/**
 * One {@code name=value} field of a message.
 *
 * @param name printable ASCII without {@code =} and without spaces (heartbeat splits a field at its first
 *     {@code =}; every name it uses is a short identifier)
 * @param value the typed value
 */
public record Field(String name, FieldValue value) {

    public Field {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("field name must be printable ASCII without '=' or spaces: \"" + name + "\"");
        }
        if (value == null) {
            throw new IllegalArgumentException("field " + name + " has no value");
        }
    }

    /** Whether a name can be sent and read back unchanged; decoders reject messages with other names. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameByte(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isNameByte(int b) {
        return b > ' ' && b < 0x7F && b != '=';
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
