package dev.miyu.keys.backup;

/** The caller has not stored a private-key backup. */
public class NoBackupException extends RuntimeException {

    public NoBackupException() {
        super("no private-key backup is stored for this account");
    }
}
