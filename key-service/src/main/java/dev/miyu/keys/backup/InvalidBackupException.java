package dev.miyu.keys.backup;

/** The submitted backup blob is not base64 or is larger than the configured limit. */
public class InvalidBackupException extends RuntimeException {

    private final String field;

    public InvalidBackupException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
