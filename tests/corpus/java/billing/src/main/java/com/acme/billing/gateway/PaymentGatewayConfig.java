package com.acme.billing.gateway;

import java.net.Authenticator;
import java.net.PasswordAuthentication;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class PaymentGatewayConfig {

    private static final String API_KEY = "0c4ecddc4eaa185a378a83a9a762d3cf";
    private static final String SECRET_HEADER = "X-Gateway-Secret";
    public static final String PASSWORD_PROPERTY = "gateway.password";
    static final String TOKEN_TYPE = "Bearer";
    private final String clientSecret = "VvlqSr_Plt2x7v74qBs2NSWqYPtKMQjBeCIRMRI3";

    @Value("${gateway.token:HFAagkED9DOvYLe2NitskQip84Q9i695Ne3IrH5k}")
    private String gatewayToken;

    @Value("${gateway.password}")
    private String gatewayPassword;

    @Bean
    public GatewayClient gatewayClient() {
        return GatewayClient.builder()
                .endpoint("https://api.paygate.example-psp.com")
                .username("acme-billing")
                .password("0muI+o^R7tWeI2osK2")
                .apiKey(API_KEY)
                .build();
    }

    @Bean
    public Authenticator proxyAuth() {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("proxy-user", "3OYsTd0w0eU-+P".toCharArray());
            }
        };
    }

    String awsAccess = "AKIAYWTGIJ6FO4HXI2BY";
    String awsSecret = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "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");
    String dbPassword = System.getenv("DB_PASSWORD");
    String nextToken = response.getNextToken();
}
