package dev.miyu.auth.persistence;

import org.hibernate.exception.ConstraintViolationException;

/** Recognises a failed insert that lost a race for a unique value, so that callers can answer it as a conflict. */
public final class UniqueConstraint {

    private UniqueConstraint() {
    }

    public static boolean violatedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }
}
