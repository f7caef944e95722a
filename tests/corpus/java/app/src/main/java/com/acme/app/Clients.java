package com.acme.app;

import java.util.Base64;

public class Clients {
    private String apiToken = "DrU0wK8XXp1cwhmyGz2mE2906CeY6g1e8J3SNsfV";
    public static final String SIGNING_KEY = "6PjDxuAyjoyDqtO1IsN/LUY/XKotQwrs/EpRCMsKnIM=";
    private static final String NEXT_PAGE_TOKEN_FIELD = "nextPageToken";

    Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://pg.internal/app", "app", "M6i9_2qlulL8X5S!JX");
    }

    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("svc:Vp6x=r8Cq_*e3.OC".getBytes());
    }

    Session mail() {
        return Session.getInstance(props, new javax.mail.Authenticator() {
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("mailer@acme.io", "U9LlMTHSdwTl=ZIW");
            }
        });
    }
}
