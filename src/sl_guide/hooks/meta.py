"""Page metadata and template helpers (issues 6 and 13).

Open Graph and the other page metadata are computed in ``overrides/main.html``.
This hook keeps what a template cannot do well:

* every page must have its own non-empty ``description:`` in its front matter —
  a missing one stops the build naming the file (Material would silently fall
  back to ``site_description``, giving every page the same description);
* ``asset_text(path)``, a template function that returns the text of a file of
  ``docs/`` (read through MkDocs' own ``File`` object, so ``mkdocs serve``
  picks up an edit on the next rebuild): ``overrides/main.html`` inlines the
  critical stylesheets with it. A missing file stops the build naming it.
"""

from __future__ import annotations

from markupsafe import Markup
from mkdocs.exceptions import PluginError


def on_page_markdown(markdown, page, config, files):
    """Require a page description of its own."""
    description = page.meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise PluginError(
            f"docs/{page.file.src_uri}: front matter 'description:' is missing or empty; "
            "every page needs its own one-sentence description (used for search engines and link previews)"
        )
    return markdown


def asset_reader(files):
    """The ``asset_text`` template function for the site's ``files``."""

    def asset_text(path: str) -> Markup:
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"overrides/main.html: asset_text({path!r}): docs/{path} does not exist")
        return Markup(file.content_string.strip())

    return asset_text


def on_env(env, config, files):
    env.globals["asset_text"] = asset_reader(files)
    return env
