package dev.taxi.auth;

import org.jspecify.annotations.Nullable;

/** What a sign-up request carries; any field may be missing until {@link SignUpService} checks it. */
record SignUpForm(@Nullable String username, @Nullable String firstName, @Nullable String lastName,
		@Nullable String password1, @Nullable String password2, @Nullable String group, @Nullable Photo photo) {

	/** An uploaded photo, read into memory (it is small, and checked before anything is written). */
	record Photo(byte[] content) {
	}

}
