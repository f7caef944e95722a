package clients

import (
	"github.com/go-redis/redis/v8"
	"golang.org/x/oauth2/clientcredentials"
)

func Redis() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "redis.internal:6379", Password: "1n9Idca5jhKEq4y7bbOrYrcp8iGFBCFa"})
}

func OAuth() *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     "reporting",
		ClientSecret: "vfDOk1uSgEC5e1CKcAyM76csyJfHsWV24cT8IGmb",
		TokenURL:     "https://auth.acme.io/oauth/token",
	}
}

func Tokens() {
	apiToken := "s08jzDJVQEv9vvOCI7Pcj4yy36St5gUGeVSv4hYt"
	secretKey := "/BP/9JcaG7hJUjCVtyb8PXo6nt+Ot9R8xzp9UOd1i4c="
	pageToken := "BQq8SiPHz5yrZXJOEOjkQqr0akB2O+Q5TC6oArdn"
	tokenType := "Bearer"
	_ = []string{apiToken, secretKey, pageToken, tokenType}
	use(smtp.PlainAuth("", "mailer@acme.io", "jjaOvtY10+Evu8M!", "smtp.acme.io"))
}
