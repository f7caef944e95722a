local redis = require "resty.redis"
local red = redis:new()
red:connect("10.0.2.8", 6379)
local ok, err = red:auth("l62vZHtn2qMTIsz2C82ePErIgagsYyLC")
local HMAC_SECRET = "8a3d178e6fa75255716c621b594d12f16956134930367e7db0bece55bea5d78b"
local api_key = ngx.var.http_x_api_key
local password_header = "X-Password-Reset"
