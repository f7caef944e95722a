resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([{
    name  = "worker"
    image = "registry.acme.io/worker:1.4.2"
    environment = [
      { name = "QUEUE_URL", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs" },
      { name = "API_SECRET", value = "OTXVZhYUObRU3bhhKvMW5FGmUv4LnugcBKMBIrJT" },
      { name = "SMTP_PASSWORD", value = "hh6!2m+rZih3KrYa" },
      { name = "TOKEN_URL", value = "https://auth.acme.io/oauth/token" },
    ]
  }])
}
