package aws

import "testing"

var pages = []struct {
	NextToken string
	Items     int
}{
	{NextToken: "CgfBHt8dgdGL5cBCCiYURg2nYDfBAZGsZU6UFk9jMARo9Y12UPp3BJdQGse692cfYUKTBISwDhvhLrYEB3ejbA==", Items: 100},
	{NextToken: "Iew+KCYSVAlSurRNLBap8tVlQ0S1RA8If9ExNYExDcBuvjMqNNmw2aPOm4bfjLD1CqkoSu6lZ6WcAiAxoIptqQ==", Items: 100},
	{NextToken: "", Items: 12},
}

const (
	continuationToken = "1s8HAoYFZh2jc0kAusofPARAA24g+p+Kz3U+oRBGWDYdCSAcQ3U7jgFQWuQLl85k1x1rm/URIS+rF42sggdA5R17uBIgQEpeqX8Blx6KH9yY="
	nextForwardToken  = "f/58803622036790744755609445026130360329118236757283969811"
	shardIterator     = "AAAAAAAAAAHHm4BLoc65lrj77HIoGamw4yG9IhI0W9UaufGD3MtC9O7e9m7aMi9HMBqi1Vfhl96oMHJ9jnW76bS8El6V6ykVfRXyZ/8M1pQfyMQeCHZZ2sYw6VN/6SWrDhs9LHuUnIeP+PgiY830HjpO+1eTGHgiRuqSHfRwt3tD/2GDahzrMPf6Yc/jfexhFf7rAf7MRsajcvY8BA3"
	receiptHandle     = "AQEBMoKjU2GT9lATTrrR4RTK1LKxRLl3ebcLGikONmQHVjpN1h6vDcrGOEdChxpKTWzAqg+OI+F3jj9/P0lGe7mu+l8VnG5XzZNF0j9Xqijs2eFlLejSfPAclcjc1RaMJcvQD52MpK0sgbsjbdLt4PoNRrTwTdptCaZ1Z+gGmhj/JIROVFwgZn4yMTklxOmhywXed/jQtLrLK6XegF5L5XVFERD4wy7VKURBRTI375FVzCjtfMMFAeO7L5AvrEPJ3cNiXKtnu3RzFtI="
	uploadID          = "xTELgBUBJkH7FJ9NnkSfvhkV0wj4HCcOXdfuynRbMjEXTlJ5QUGFyVc-RYmZ8wwJODIH-q_-sIt9bdAm1y0IfAqhBH26Y2WdqmwRpLiym36z8v"
	clientToken       = "d5a63ffe-11c1-4b3f-b5a4-6998b1df9961"
	requestToken      = "4c0bd3d1ab56df7b2c0f384ef9e46d18"
)

func TestPager(t *testing.T) {
	p := NewPager(pages)
	for p.HasNext() {
		p.Next()
	}
}
