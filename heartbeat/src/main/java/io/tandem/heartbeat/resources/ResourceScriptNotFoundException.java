package io.tandem.heartbeat.resources;

/**
 * A resource's script is neither in {@code resource.d} nor in {@code init.d}, or is not executable there. {@link
 * ResourceScripts#check} reports the same before start; this is the script that disappeared since.
 */
public final class ResourceScriptNotFoundException extends Exception {

    ResourceScriptNotFoundException(String message) {
        super(message);
    }
}
