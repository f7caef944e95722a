from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WarehouseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WH_", env_file=".env")

    host: str = "abc12345.eu-central-1.snowflakecomputing.com"
    user: str = "ETL_LOADER"
    password: SecretStr = SecretStr("duuR.p^=l4R7f56A6w")
    password_field: str = "password"
    token_endpoint: str = "https://login.acme-data.io/oauth2/v1/token"
    role: str = "LOADER"


class ApiSettings(BaseSettings):
    base_url: str = "https://api.segment.io/v1"
    segment_write_key: str = "vSxbt8dMW4Q5tKKr5DxdS5uzuFaUWhHc"
    mixpanel_api_secret: str = "70fba146745d175ae795306658c04714"
    amplitude_secret_key: str = Field(default="4b292f882b6d771e6f0c06957214dbd3")
    datadog_api_key: str = "65b6426f8cb9927586d36f4cb89b92ef"
    datadog_app_key: str = "163ddd48f106438bbcfb14e8f6c7784db62eef85"
    tokenizer_name: str = "bert-base-uncased"
    max_tokens: int = 4096
    page_token: str | None = None
    api_key_header: str = "X-API-Key"
    api_key_env_var: str = "ACME_API_KEY"


class QueueSettings(BaseSettings):
    broker_url: str = "amqps://etl:v~.lQuV~s65QkuVo_.Re@rabbit.internal.acme-data.io:5671/etl"
    result_backend: str = "redis://:R5Q5dj6DKbig83JrSLXrbbJmm1Bh3f6Q@redis.internal.acme-data.io:6379/3"
    visibility_timeout: int = 3600


@lru_cache
def settings() -> ApiSettings:
    return ApiSettings()
