"""Settings split by environment: base (everything, from environment variables), dev, test, production."""
