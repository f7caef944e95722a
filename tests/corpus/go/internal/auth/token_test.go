package auth

import "testing"

const testSigningKey = "test-signing-key"

func TestParse(t *testing.T) {
	cases := []struct {
		name  string
		token string
		ok    bool
	}{
		{"empty", "", false},
		{"masked", "ghp_************************************", false},
		{"repeated", "github_pat_11AAAAAAA0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false},
		{"sequence", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", false},
		{"example", "ghp_EXAMPLEtoken00000000000000000000000", false},
		{"jwtio", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", true},
	}
	for _, c := range cases {
		if _, err := Parse(c.token); (err == nil) != c.ok {
			t.Errorf("%s: ok = %v", c.name, err == nil)
		}
	}
}
