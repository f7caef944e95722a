package com.acme.billing.auth;

public final class Secrets {
    static final String DB_PASSWORD = System.getenv("DB_PASSWORD");
    static final String API_KEY = System.getProperty("api.key");
    static final String TOKEN_PROPERTY = "billing.api.token";
    static final String PASSWORD_KEY = "password";
    static final String SECRET_MANAGER_ID = "projects/acme/secrets/billing-api/versions/latest";
    static final String ACCESS_TOKEN_HEADER = "X-Access-Token";
    static final String FALLBACK_TOKEN = "9Pf1Qk9MlHf3o8ZxE7hwPQTIWaAQcHJ0sk0NsSin";
    private final char[] keystorePassword = props.getProperty("keystore.password").toCharArray();
    private String clientSecret = vault.read("secret/billing").getData().get("client_secret");
    private String apiKey = ApiKeyProvider.current();
}
