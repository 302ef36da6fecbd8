package dev.miyu.keys.backup;

/** The write was based on a version that is no longer current (another browser wrote in between). */
public class StaleBackupVersionException extends RuntimeException {

    private final int currentVersion;

    public StaleBackupVersionException(int sentVersion, int currentVersion) {
        super("backup version " + sentVersion + " is not current; the current version is " + currentVersion);
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
