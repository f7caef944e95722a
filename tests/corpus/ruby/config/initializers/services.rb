Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY", "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")
Stripe.api_version = "2023-10-16"

Rails.application.config.x.segment_write_key = ENV["SEGMENT_WRITE_KEY"]

SHOPIFY_API_SECRET = "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"
SHOPIFY_ACCESS_TOKEN = "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"

Sidekiq.configure_server do |config|
  config.redis = { url: "redis://:Cp2EhhdiilQUTCEquHtXeTDQ6EcAFZPz@redis.internal:6379/0" }
end

Rollbar.configure do |config|
  config.access_token = "644e7cb67dfc56a4fd2345b766e33098"
  config.environment = Rails.env
end

Aws.config.update(
  region: "us-east-1",
  credentials: Aws::Credentials.new("AKIAIY7AXE5PRX4GWLBX", "mTc/AM/UejT33E4GescPks6i5EOiF+zD+cIndGoJ")
)

Intercom::Client.new(token: "R9DTKF9FwvzL11doKztpbtKNc9neAftRBKrLCYMWhlgb+SCCJVJo5NIyRV6+=")
Octokit.configure { |c| c.access_token = "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" }

GOOGLE_CLIENT = {
  client_id: "256133290049-dql0epgl8z0amyer4bhcmj868q02fjll.apps.googleusercontent.com",
  client_secret: "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",
  redirect_uri: "https://app.acme-crm.com/auth/google/callback",
}

ASANA_TOKEN = "2/8214245749539947/5060308557293476:7952ef50599c3ff0a6cb3392b295aee6"
asana :'2c95dee0acae5cce2db2cd2ba0f429dd'
MAILCHIMP = Gibbon::Request.new(api_key: "6fa9f185dea72b4e56c1d5fd26ba9392-us4")
password_digest = BCrypt::Password.create(params[:password])
authenticity_token = form_authenticity_token
