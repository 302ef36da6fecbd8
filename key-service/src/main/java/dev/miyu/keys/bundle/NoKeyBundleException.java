package dev.miyu.keys.bundle;

/** The user is unknown to the key directory or has never published a bundle. */
public class NoKeyBundleException extends RuntimeException {

    public NoKeyBundleException(String username) {
        super("no key bundle is published for " + username);
    }
}
