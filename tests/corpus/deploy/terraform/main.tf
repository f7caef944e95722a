terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.31" }
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.20" }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAJ43BEETXJ2TRLNJW"
  secret_key = "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"
}

provider "cloudflare" {
  api_token = "fDTPuxJ9wQRrr2WyVwREJJnKwkRfSaMn7kb8l7Pr"
}

provider "datadog" {
  api_key = "2287a3fe2631b723615ad114ae43f4a0"
  app_key = var.datadog_app_key
}

provider "github" {
  token = "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"
  owner = "acme"
}

resource "aws_db_instance" "main" {
  identifier     = "app-prod"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "app"
  password       = "YNf4z8.c8AU0N1Rj-cKX"
  skip_final_snapshot = false
}

resource "aws_db_instance" "replica" {
  identifier = "app-replica"
  password   = var.db_password
  manage_master_user_password = true
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = jsonencode({ token = "T9YJj1usJnbVBf0JJRSV0f9qnSBeJnFlY89oHaLk" })
}

variable "grafana_admin_password" {
  type      = string
  default   = "3m0cbcT=TakgvPZMvB"
  sensitive = true
}

variable "api_token" {
  type    = string
  default = "${env.API_TOKEN}"
}

resource "kubernetes_secret" "app" {
  metadata { name = "app" }
  data = {
    api_key = "9d13ec737b7d909478244a1aa3c23c41f6332021"
  }
}

resource "random_password" "db" {
  length  = 24
  special = true
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

output "ci_secret" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}

locals {
  kms_key_id   = "arn:aws:kms:eu-west-1:329144056453:key/6d8adc6c-9a54-459f-821d-e1ec5fb42a9e"
  password_ssm = "/app/prod/db/password"
  token_secret = data.aws_secretsmanager_secret_version.token.secret_string
}
