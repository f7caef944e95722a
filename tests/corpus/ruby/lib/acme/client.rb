module Acme
  class Client
    DEFAULT_TOKEN = ENV.fetch("ACME_TOKEN") { "6lKU0yBtdMhxlraOOcd30eC9MWkH1F4kx188tTQR" }
    API_KEY = ENV["ACME_API_KEY"]
    SECRET = Rails.application.credentials.dig(:acme, :secret)

    def initialize(api_key: ENV.fetch("ACME_API_KEY"), password: nil)
      @api_key = api_key
      @password = password || "UGBWV7qAL!K*mMjx"
    end

    def connection
      Faraday.new(url: "https://api.acme.io") do |f|
        f.request :authorization, :basic, "acme", "NM_LKqvGmW9a*pY^"
        f.headers["X-Api-Key"] = "25217891e44939224da7c054d2fac705"
        f.headers["X-Request-Id"] = SecureRandom.uuid
      end
    end

    def token_name = "token"
    def password_label = "Password"
  end
end
