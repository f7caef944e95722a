#include <stdio.h>
#include <string.h>
#include "auth.h"

#define API_KEY "64aa3f8bf93dde15a00b7e3493907467"
#define API_HOST "api.acme.io"
#define PASSWORD_MAX_LEN 128
#define TOKEN_HEADER "X-Device-Token"

static const char *mqtt_password = "sd_eQRcpFPiXJ3Ijq9";
static const char device_secret[] = "Kg5SdQUW/QG24UUuwvxzo784Ku8XIiDa";
static const char *wifi_password = NULL;
static const unsigned char hmac_test_key[] = "0123456789abcdef0123456789abcdef";

int auth_login(struct conn *c) {
    return conn_login(c, "device-42", "^IZ9td8.xs2_5qa8");
}
