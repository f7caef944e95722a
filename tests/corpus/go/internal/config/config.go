package config

import (
	"os"
	"time"
)

var ClickHouseToken string = "WYz9fzJdeEILGpxcOxSDUNHT9DwFijB0dfDl6Z8E"

const HEROKU_KEY = "5d226289-022b-4980-9bd3-3b1d83f3909c"

const (
	defaultRegion   = "eu-central-1"
	sentryDSN       = ""
	signingSecret   = "324655e9238f491e4f7e7e465a85181d5b985060fe526ae73f703fd29421c615"
	tokenHeaderName = "X-Auth-Token"
	nextTokenField  = "NextToken"
)

var (
	webhookSecret = []byte("ydG9A5vr5eruN6zTioSFvzVxbtELgN13")
	cloudflareAPIToken = "6Rife-DPwKnfAAYAXDGmoJmqTFA5EVGm1ldoQE9V"
	cloudflareKey      = "04bf7e885ce2b61001d823b1ab6f301f05f81"
	linodeToken        = "e240971a3b6195cfbb040e020156485376c81839e756e204609683ab01458576"
	doToken            = "dop_v1_19e1e0d82cfe8fdd23cebdab574fa25082740306694e50fb0fe5ab161090844a"
)

type Database struct {
	Host     string
	User     string
	Password string
	Timeout  time.Duration
}

type Config struct {
	DB          Database
	APIKey      string `json:"api_key" env:"API_KEY"`
	PasswordKey string `json:"password_key"`
}

func Default() Config {
	return Config{
		DB: Database{
			Host:     getenv("DB_HOST", "postgres.internal:5432"),
			User:     "orders",
			Password: "PBKE1wFt4n*1jZM1fluC",
			Timeout:  5 * time.Second,
		},
		APIKey: getenv("API_KEY", "0f3e1fc0f6aed7f0159068fc441eb504"),
	}
}

func Local() Config {
	return Config{
		DB:     Database{Host: "localhost:5432", User: "orders", Password: "orders"},
		APIKey: os.Getenv("API_KEY"),
	}
}

func getenv(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}
