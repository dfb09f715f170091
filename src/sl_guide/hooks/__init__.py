"""Site-specific MkDocs hooks (small tweaks; loaded by path from mkdocs.yml, importable for tests)."""
