package dev.miyu.auth.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Base64;

/** Base64 of exactly 32 bytes: the auth secret the client derives from the password (never the password itself). */
@Constraint(validatedBy = AuthSecret.Validator.class)
@Documented
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface AuthSecret {

    int BYTES = 32;

    String message() default "must be base64 of exactly 32 bytes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AuthSecret, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                return Base64.getDecoder().decode(value).length == BYTES;
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
    }
}
