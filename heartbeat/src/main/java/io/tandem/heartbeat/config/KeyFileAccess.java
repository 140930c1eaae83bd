package io.tandem.heartbeat.config;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Who besides its owner may use the authkeys file, as far as the file system can tell. */
sealed interface KeyFileAccess permits KeyFileAccess.OwnerOnly, KeyFileAccess.OpenToOthers, KeyFileAccess.NotChecked {

    /** No group or other permission bit is set (mode 600, 400, 700 ...). */
    record OwnerOnly() implements KeyFileAccess {}

    /** Some group or other bit is set. */
    record OpenToOthers(Set<PosixFilePermission> permissions) implements KeyFileAccess {
        public OpenToOthers {
            permissions = Set.copyOf(permissions);
        }

        /** The mode as {@code chmod} and {@code ls} write it: {@code 644 (rw-r--r--)}. */
        String mode() {
            int octal = 0;
            for (PosixFilePermission permission : permissions) {
                // PosixFilePermission is declared owner rwx, group rwx, others rwx: bit 8 down to bit 0.
                octal |= 1 << (8 - permission.ordinal());
            }
            return Integer.toOctalString(octal) + " (" + PosixFilePermissions.toString(permissions) + ")";
        }
    }

    /** The file system has no POSIX permissions (or they could not be read). */
    record NotChecked(String reason) implements KeyFileAccess {}

    static KeyFileAccess of(Set<PosixFilePermission> permissions) {
        boolean open = permissions.stream().anyMatch(permission -> switch (permission) {
            case OWNER_READ, OWNER_WRITE, OWNER_EXECUTE -> false;
            case GROUP_READ, GROUP_WRITE, GROUP_EXECUTE, OTHERS_READ, OTHERS_WRITE, OTHERS_EXECUTE -> true;
        });
        return open ? new OpenToOthers(permissions) : new OwnerOnly();
    }
}
