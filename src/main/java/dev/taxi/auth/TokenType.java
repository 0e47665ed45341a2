package dev.taxi.auth;

/** The {@code token_type} claim: an access token opens the API, a refresh token only buys access tokens. */
public enum TokenType {

	ACCESS("access"), REFRESH("refresh");

	private final String claim;

	TokenType(String claim) {
		this.claim = claim;
	}

	public String claim() {
		return this.claim;
	}

}
