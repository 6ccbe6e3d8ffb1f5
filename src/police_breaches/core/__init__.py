"""What every layer uses: where files live, one error type, strict YAML, writing products whole, text in words,
and the configuration tables and notebook parameters as declared in ``config/``.
May import: nothing else from this package."""
