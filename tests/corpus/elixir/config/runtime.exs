import Config

config :acme, Acme.Repo,
  username: "acme",
  password: "GrmaLHfodls^2p9UxnAB",
  hostname: "pg.internal",
  pool_size: 10

config :acme, AcmeWeb.Endpoint,
  secret_key_base: "9GVnvF163jGyzW-CYUkHTaXbYBHLXik5ywUn-WPJqZ1Ld6K4C8HAwt6m-8xNmThz",
  live_view: [signing_salt: "0T2Wm6Y2"]

config :acme, Acme.Mailer,
  adapter: Swoosh.Adapters.Sendgrid,
  api_key: System.get_env("SENDGRID_API_KEY", "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")

config :joken, default_signer: System.fetch_env!("JOKEN_SECRET")
