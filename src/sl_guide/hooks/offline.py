"""Self-contained offline build (``make offline``; issue 6).

Material's ``offline`` plugin (enabled only when ``OFFLINE=true``) makes the
site work from ``file://``: page links end in ``index.html`` and the search
index is inlined as a script. Web workers cannot start from ``file://``, so it
adds the ``iframe-worker`` shim — as a script from ``https://unpkg.com``, a
third-party request that also fails without a network. This hook swaps that
URL for a copy of the same shim published with the site, taken from the npm
package ``iframe-worker`` (pinned in package.json, installed by ``npm ci``
into ``node_modules/``). Without it the offline build stops with a message.

Its pages' canonical addresses (and so "Cite this section", the footer on paper, the
"Link to this guide" list and the copy-link buttons) stay those of the online
edition, not the offline copy's ``page.html`` (:mod:`sl_guide.urls`).

It also switches off instant navigation (``navigation.instant`` and its options),
as Material's documentation asks of a build for offline use ("Building for offline
usage", Limitations): from ``file://`` its fetch of the sitemap fails, and Material
then completes its ``document$`` before the page's first emission, so that no script
subscribed to it (the guide's loader, section tools, the self-assessment) ever ran.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from sl_guide.urls import online_url

SHIM = Path("node_modules/iframe-worker/shim/index.js")
PUBLISHED = "assets/javascripts/iframe-worker-shim.js"


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(-100)  # after the offline plugin has added the unpkg URL
def on_config(config):
    """Replace the unpkg polyfill URL with the local copy."""
    if not _offline(config):
        return config
    polyfills = config.extra.get("polyfills", [])
    config.extra["polyfills"] = [PUBLISHED if "iframe-worker" in url else url for url in polyfills]
    features = config.theme.get("features") or []
    config.theme["features"] = [name for name in features if not name.startswith("navigation.instant")]
    return config


@event_priority(100)  # before the citations plugin reads the pages' addresses (its on_nav)
def on_nav(nav, config, files):
    """Every page's canonical address is its address online (sl_guide.urls), not this
    build's ``page.html``: what a reader copies, cites or prints from the offline copy
    is the address that works for everyone else."""
    if _offline(config):
        for page in nav.pages:
            page.canonical_url = online_url(config, page.file.src_uri)
    return nav


def on_pre_page(page, config, files):
    """The same for the pages outside the nav (the print view)."""
    if _offline(config):
        page.canonical_url = online_url(config, page.file.src_uri)
    return page


def on_files(files, config):
    """Publish the shim next to Material's own scripts."""
    if not _offline(config):
        return files
    shim = Path(config.config_file_path).parent / SHIM
    if not shim.is_file():
        raise PluginError(
            f"offline build: {SHIM} not found — run 'npm ci --ignore-scripts' first "
            "(make offline does) to install the iframe-worker shim from package.json"
        )
    files.append(File.generated(config, PUBLISHED, content=shim.read_text(encoding="utf-8")))
    return files
