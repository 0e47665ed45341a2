package dev.taxi.web;

import java.util.regex.Pattern;

/**
 * Text that UTF-8, and so PostgreSQL, can hold: no unpaired surrogate. JSON can carry one as an
 * escape ({@code "\ud800"}); the database driver cannot encode it, and the database refuses
 * the bytes it writes instead. Input is refused before it gets that far.
 */
public final class UnicodeText {

	/** For Bean Validation's {@code @Pattern}: a string without unpaired surrogates. */
	public static final String WELL_FORMED = "\\P{Cs}*";

	private static final Pattern PATTERN = Pattern.compile(WELL_FORMED);

	private UnicodeText() {
	}

	public static boolean isWellFormed(String text) {
		return PATTERN.matcher(text).matches();
	}

}
