"""A page's address on the online edition, whatever URLs this build uses.

The online edition uses directory URLs (``why-now/``); the offline build (``make offline``)
writes ``why-now.html`` so that it works from ``file://``. What a reader copies, prints or
cites from either is the online address: the canonical link, "Cite this section", the
"Link to this guide" list, the printed footer and the handouts' addresses all come from
:func:`online_url`. The URL itself is MkDocs' own: ``File.url`` with directory URLs, joined
to ``site_url`` as MkDocs joins a page's canonical URL.
"""

from __future__ import annotations

from urllib.parse import urljoin

from mkdocs.structure.files import File


def online_url(config, src_uri: str) -> str:
    """``site_url`` + the directory URL of ``src_uri`` (``""`` site_url: the URL alone)."""
    url = File(src_uri, config.docs_dir, config.site_dir, use_directory_urls=True).url
    base = config.site_url or ""
    if not base:
        return url
    return urljoin(base if base.endswith("/") else base + "/", url)
