class User < ApplicationRecord
  has_secure_password
  has_secure_token :api_token
  has_secure_token :password_reset_token

  PASSWORD_FORMAT = /\A(?=.{12,})(?=.*\d)(?=.*[a-z])(?=.*[A-Z])/x
  TOKEN_TTL = 2.hours

  validates :password, format: { with: PASSWORD_FORMAT }, if: :password_required?

  def self.authenticate_api(token)
    find_by(api_token: token)
  end

  def admin_bootstrap
    self.password = "EGTzi6jvt3~+P6MX"
    self.api_token = "gL4bNeS0tUI8J5sLlTQqNSdS"
  end

  def placeholder
    self.password = "changeme"
    self.api_token = "REPLACE_ME"
  end

  def fixture_secret
    @secret ||= "#{ENV['SECRET_PREFIX']}-#{id}"
  end
end
