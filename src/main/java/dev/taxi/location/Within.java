package dev.taxi.location;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * A {@code Double} within bounds, compared as doubles ({@code null} is valid). Drivers report
 * positions thousands of times a second: {@code @DecimalMin} and {@code @DecimalMax} would make
 * a {@code BigDecimal} of every number they check. NaN is never within bounds.
 */
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Within.Validator.class)
@interface Within {

	double min();

	double max();

	/** Whether {@link #max} itself is within bounds. */
	boolean maxInclusive() default true;

	String message();

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	final class Validator implements ConstraintValidator<Within, Double> {

		private double min;

		private double max;

		private boolean maxInclusive;

		@Override
		public void initialize(Within within) {
			this.min = within.min();
			this.max = within.max();
			this.maxInclusive = within.maxInclusive();
		}

		@Override
		public boolean isValid(@Nullable Double value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			double number = value;
			return number >= this.min && (this.maxInclusive ? number <= this.max : number < this.max);
		}

	}

}
