"""Build tooling for the Systems leadership guide (MkDocs plugins, citation core, test toolkit)."""
