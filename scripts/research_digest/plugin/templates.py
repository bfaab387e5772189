"""The theme's compiled templates, kept in memory while a preview serves the site."""

from __future__ import annotations

import jinja2


class TemplateCache(jinja2.BytecodeCache):
    """MkDocs makes a new Jinja environment for each build, which would compile all the theme's
    templates again on every rebuild; the plugin gives each environment this cache instead. Jinja
    checks each template's source against the compiled one, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
