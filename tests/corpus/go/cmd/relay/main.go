package main

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	_ "github.com/go-sql-driver/mysql"
)

func main() {
	db, err := sql.Open("mysql", "relay:CdjnffLc2p-JqFbpb0@tcp(mysql-0.relay.svc:3306)/relay?parseTime=true")
	if err != nil {
		panic(err)
	}
	defer db.Close()

	req, _ := http.NewRequest("GET", "https://api.bitbucket.org/2.0/repositories/acme", nil)
	req.SetBasicAuth("acme-ci", "ATBBe2Ix6EP5ahgoqk0k4XSvx2iMTIiJrbHOB514388F")
	req.Header.Set("X-Request-Id", "ab868e32-eb7c-4515-aea8-0a0dd724345e")
	http.DefaultClient.Do(req)

	req2, _ := http.NewRequest("POST", "https://api.figma.com/v1/files/abc/comments", nil)
	req2.Header.Set("X-Figma-Token", "figd_IyKQkgflBQK5Mfz4ZUKqtz6JBy30jCuRXwPCLg3t")
	req2.Header.Add("Authorization", "Bearer AjL3qt9bbxsEZe8GLJGzvCWajEytYjW04rkicc9hi_g4IgbS")

	creds := credentials.NewStaticCredentialsProvider("AKIASEEN2N5STJMLBEUE", "YtUXyml+ZGjaF81el0lzxfvBRLvJTQF8MjMucgQ/", "")
	_ = aws.Config{Credentials: creds, Region: "us-west-2"}

	fmt.Println(listAll("hWZN0loUoBgFABzJG8vevdKuOs9d9USGFJW9i94u7P3eC8rVctmmf+OAvydhnZT+uphpn6wJpU/A0cN90T2efm0NANCkNf//"))
}

func listAll(pageToken string) []string {
	var out []string
	for pageToken != "" {
		page := fetch(pageToken)
		out = append(out, page.Items...)
		pageToken = page.NextPageToken
	}
	return out
}

type page struct {
	Items         []string
	NextPageToken string
}

func fetch(string) page { return page{} }
