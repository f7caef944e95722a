provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.31.0"
  constraints = "~> 5.31"
  hashes = [
    "h1:XwN78AyF8qTehnssWxleLkZu8uRSeSev7RHLhBhDLg4=",
    "zh:711563b5d186dc60ab9ac4c1ba6095754344ec906ab96f053856bb4ff51cddb9",
    "zh:23f608838bcbc405d8f74eb53d8da53eacf0261255a93cb3256ad970873f58f6",
    "zh:a352624f6ca8656c58fccb21a6cdd81c237fe9be168f09dd7790641f42a14fbc",
  ]
}
