package dev.miyu.auth.rest;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 3 to 32 letters, digits, '_', '.' or '-'. Upper case is accepted here; the service stores usernames in lower case. */
@Pattern(regexp = "[A-Za-z0-9_.-]{3,32}")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface Username {

    String message() default "must be 3 to 32 characters: letters, digits, '_', '.' or '-'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
