"""A page light enough for a phone that still works e-mailed on its own.

A page carries everything it shows and offers, but not all of it as markup the browser must lay out at once:

- each chart is an ``<img>`` whose source is the chart's SVG (its words as text, a fifth of the glyph-drawn
  size; and an image's insides are not part of the page's document);
- every file the page offers (a chart's SVG and data, a table's CSV, a raw file) and the content of every
  folded section travel gzip-compressed in one JSON block at the end of the page, which a short script opens
  when the reader asks (``DecompressionStream``, in every current browser);
- a chart's PNG is drawn by the reader's browser from the chart itself, at the resolution of the project's
  own PNG, so no picture travels twice.

Without JavaScript a download link still points at the file beside the page in the project, and a folded
section says what it holds. ``unpacked`` gives back the whole markup, for anything that reads a page as text.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

MEDIA_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".pdf": "application/pdf", ".csv": "text/csv",
               ".json": "application/json", ".txt": "text/plain",
               ".ods": "application/vnd.oasis.opendocument.spreadsheet"}
PNG_DPI = 200  # as style.save writes the project's PNGs: the browser draws its PNG at the same size
CSS_PX_PER_INCH = 96  # an SVG image's natural size is in CSS pixels
POINTS_PER_INCH = 72  # matplotlib writes an SVG's size in points

STORE_ID = "page-files"
# A file bigger than this, compressed, is not carried (the Home Office's workbooks, 50 KB each, would be a third
# of the report): its link goes to the file beside the page, and the page names its public source beside it.
CARRY_LIMIT = 24_000

SCRIPT = """
(function () {
  var block = document.getElementById('%(store)s'), store = block ? JSON.parse(block.textContent) : {};
  function open(key) {
    var entry = store[key], raw = atob(entry[1]), data = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { data[i] = raw.charCodeAt(i); }
    var stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).blob().then(function (blob) { return new Blob([blob], {type: entry[0]}); });
  }
  function drawn(image) {
    var scale = %(scale)s, canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale); canvas.height = Math.round(image.naturalHeight * scale);
    var context = canvas.getContext('2d');
    context.fillStyle = '#fff'; context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return new Promise(function (done) { canvas.toBlob(done, 'image/png'); });
  }
  function save(blob, name) {
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob); link.download = name;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-file], a[data-draw]');
    if (!link) { return; }
    event.preventDefault();
    var made = link.dataset.file ? open(link.dataset.file) : drawn(link.closest('figure').querySelector('img'));
    made.then(function (blob) { save(blob, link.getAttribute('download')); });
  });
  document.querySelectorAll('a[data-beside]').forEach(function (link) {
    var probe = new Image();
    probe.onerror = function () {
      var note = document.createElement('span'); note.textContent = link.dataset.absent; link.replaceWith(note);
    };
    probe.src = link.dataset.beside;
  });
  document.addEventListener('toggle', function (event) {
    var fold = event.target;
    if (!fold.open || !fold.dataset || !fold.dataset.fold || fold.dataset.opened) { return; }
    fold.dataset.opened = 'opening';
    open(fold.dataset.fold).then(function (blob) { return blob.text(); }).then(function (markup) {
      fold.querySelector(':scope > .fold-body').innerHTML = markup;
      fold.dataset.opened = 'done';
    });
  }, true);
})();
"""


class Store:
    """The files and folded sections a page carries, each gzip-compressed (the same bytes from the same input:
    no time in the gzip header), under a key the page's links and folds name."""

    def __init__(self):
        self.entries: dict[str, tuple[str, str]] = {}

    def add(self, key: str, kind: str, data: bytes, limit: int | None = None) -> str | None:
        """The key the page names the item by; None, and nothing stored, if compressed it exceeds ``limit`` bytes."""
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if limit is not None and len(packed) > limit:
            return None
        self.entries[key] = (kind, base64.b64encode(packed).decode("ascii"))
        return key

    def markup(self, needed: bool = False) -> str:
        """The store and the script that opens it, where the page carries something or ``needed`` (a link to
        a page beside it)."""
        if not self.entries and not needed:
            return ""
        # '</' cannot end the script early: JSON's own escape of '/' keeps the block one piece of text
        block = json.dumps(self.entries, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
        script = SCRIPT % {"store": STORE_ID, "scale": f"{PNG_DPI / CSS_PX_PER_INCH:.6f}"}
        stored = f'<script type="application/json" id="{STORE_ID}">{block}</script>' if self.entries else ""
        return f"{stored}<script>{script}</script>"


def pack(markup: str, page_folder: Path, root: Path, figures_root: Path | None = None) -> str:
    """The body of a page, packed: charts as images of their SVG, downloads and folded sections in the store.

    ``page_folder``: where the page lives, relative to ``root`` (its links are relative to it);
    ``figures_root``: where a chart's ``data-embed`` path is read from (a one-off run's own folder), else root.
    """
    store = Store()
    markup = _charts(markup, Path(figures_root or root))
    markup = _downloads(markup, Path(page_folder), Path(root), store)
    markup = _folds(markup, store, [0])
    return markup + store.markup(needed="data-beside=" in markup)


def beside(probe: str, absent: str) -> str:
    """Attributes for a link to a page that should be beside this one: where ``probe`` (a small file that
    comes with that page, relative to this one) is missing, as in a copy e-mailed on its own, the script puts
    ``absent`` in the link's place instead of a link that leads nowhere."""
    return f'data-beside="{html.escape(probe)}" data-absent="{html.escape(absent)}"'


# --------------------------------------------------------------------------- charts

_EMBED = re.compile(r'<img\b[^>]*\bdata-embed="([^"]+)"[^>]*>')
_ALT = re.compile(r'\balt="([^"]*)"')
_NUMBER = re.compile(r"(?<![#\w.])\d+\.\d{3,}")  # a coordinate's decimals (not a colour or an id)
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([0-9.]+)pt"[^>]*?\bheight="([0-9.]+)pt"')


def chart_image(svg: str, alt: str) -> str:
    """An <img> showing the SVG, sized as the chart is drawn (so nothing moves as the page loads)."""
    body = slim(svg)
    size = _SIZE.search(body)
    width, height = ((round(float(size.group(n)) * CSS_PX_PER_INCH / POINTS_PER_INCH) for n in (1, 2)) if size
                     else (None, None))
    # Only what a URL or a double-quoted attribute cannot hold is escaped: the rest stays as it is, so the
    # page compresses well when served
    source = "data:image/svg+xml," + quote(body, safe="/:=;,'()!*-._~+?@$")
    dimensions = f' width="{width}" height="{height}"' if width else ""
    return f'<img src="{source}" alt="{alt}"{dimensions}>'


def slim(svg: str) -> str:
    """The page's copy of a matplotlib SVG, drawn the same at half the size: no metadata, comments, unused ids,
    empty groups or zero rotations; coordinates to a hundredth of a point; the font named once."""
    body = svg[svg.index("<svg"):]
    body = re.sub(r"<metadata>.*?</metadata>|<!--.*?-->", "", body, flags=re.S)
    body = re.sub(r">\s+<", "><", body).strip()
    used = set(re.findall(r"#([\w-]+)", body))
    fonts = set(re.findall(r"font-family: ([^;\"]+);? ?", body))

    def tag(match: re.Match) -> str:
        text = re.sub(r'\sid="([^"]+)"', lambda m: m.group(0) if m.group(1) in used else "", match.group(0))
        text = re.sub(r'\stransform="rotate\(-0 [^)]*\)"', "", text)
        text = re.sub(r"font-family: [^;\"]+;? ?", "", text) if len(fonts) == 1 else text
        text = re.sub(r"\s*\n\s*", " ", text)
        return _NUMBER.sub(lambda m: f"{float(m.group(0)):.2f}".rstrip("0").rstrip("."), text)
    body = re.sub(r"<[^>]+>", tag, body)  # in tags only: a label's words stay as drawn
    while True:
        emptied = re.sub(r"<g/>|<g>((?:(?!<g[ >/]|</g>).)*)</g>", r"\1", body, flags=re.S)
        if emptied == body:
            break
        body = emptied
    if len(fonts) == 1:
        body = body.replace("</style>", f"text{{font-family:{fonts.pop()}}}</style>", 1)
    return body


def _charts(markup: str, figures_root: Path) -> str:
    def replace(match: re.Match) -> str:
        alt = (_ALT.search(match.group(0)) or [None, ""])[1]  # already escaped by the notebook
        svg = (figures_root / html.unescape(match.group(1))).read_text(encoding="utf-8")
        return chart_image(svg, alt)
    return _EMBED.sub(replace, markup)


# --------------------------------------------------------------------------- downloads

_LINK = re.compile(r'<a\b([^>]*)\bhref="([^"]*)"([^>]*)>')
_DATA = re.compile(r"data:([^;,]+)[^,]*?(;base64)?,(.*)", re.S)


def _downloads(markup: str, page_folder: Path, root: Path, store: Store) -> str:
    """Each link to a file of the project, or to data held in the link itself, made a download from the store."""
    root = root.resolve()

    def replace(match: re.Match) -> str:
        before, href, after = match.group(1), html.unescape(match.group(2)), match.group(3)
        attributes = re.sub(r'\s*\bdownload="[^"]*"', "", before + after)
        if href.startswith("data:"):
            kind, encoded, payload = _DATA.match(href).groups()
            data = base64.b64decode(payload) if encoded else unquote(payload).encode("utf-8")
            name = re.search(r'\bdownload="([^"]*)"', before + after).group(1)
            key = store.add(f"table:{len(store.entries)}:{html.unescape(name)}", kind, data)
            return f'<a{attributes} href="#" download="{name}" data-file="{html.escape(key)}">'
        if urlparse(href).scheme or href.startswith("#"):
            return match.group(0)
        target = (root / page_folder / unquote(href)).resolve()
        kind = MEDIA_TYPES.get(target.suffix.lower())
        if kind is None or not target.is_file() or not target.is_relative_to(root):
            return match.group(0)
        name = html.escape(target.name)
        key = target.relative_to(root).as_posix()
        if kind == "image/png" and (target.with_suffix(".svg")).is_file():
            return f'<a{attributes} href="{match.group(2)}" download="{name}" data-draw="{html.escape(key)}">'
        if key not in store.entries and not store.add(key, kind, target.read_bytes(), CARRY_LIMIT):
            return match.group(0)  # too big to carry: the file beside the page (its public source is named too)
        return f'<a{attributes} href="{match.group(2)}" download="{name}" data-file="{html.escape(key)}">'
    return _LINK.sub(replace, markup)


# --------------------------------------------------------------------------- folded sections

_FOLD_START = re.compile(r'<details class="folded[^"]*"[^>]*>')
_DETAILS = re.compile(r"<(/?)details\b[^>]*>")
_SUMMARY_END = "</summary>"
FOLD_BODY = '<div class="fold-body"><noscript><p>Opening this section needs JavaScript.</p></noscript></div>'


def _folds(markup: str, store: Store, counter: list[int]) -> str:
    """Each folded section's content, its own folds packed first, put in the store; the page keeps the heading."""
    out, position = [], 0
    while (start := _FOLD_START.search(markup, position)) is not None:
        end = _closing(markup, start.start())
        summary_end = markup.index(_SUMMARY_END, start.end()) + len(_SUMMARY_END)
        content = _folds(markup[summary_end:end], store, counter)
        counter[0] += 1
        key = store.add(f"fold:{counter[0]}", "text/html", content.encode("utf-8"))
        opening = start.group(0)[:-1] + f' data-fold="{key}">'
        out.append(markup[position:start.start()] + opening + markup[start.end():summary_end] + FOLD_BODY + "</details>")
        position = end + len("</details>")
    return "".join(out) + markup[position:]


def _closing(markup: str, start: int) -> int:
    depth = 0
    for match in _DETAILS.finditer(markup, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    raise ValueError("a folded section is not closed")


# --------------------------------------------------------------------------- reading a packed page

def stored(page: str) -> dict[str, tuple[str, bytes]]:
    """Every file and folded section a packed page carries: key → (media type, bytes)."""
    found = re.search(rf'<script type="application/json" id="{STORE_ID}">(.*?)</script>', page, re.S)
    if not found:
        return {}
    entries = json.loads(found.group(1))
    return {key: (kind, gzip.decompress(base64.b64decode(data))) for key, (kind, data) in entries.items()}


def unpacked(page: str) -> str:
    """The page's whole markup as the reader sees it with every fold open (for reading a page as text)."""
    files = stored(page)

    def opened(markup: str) -> str:
        return re.sub(r'(<details\b[^>]*\bdata-fold="([^"]+)"[^>]*>.*?</summary>)' + re.escape(FOLD_BODY),
                      lambda m: m.group(1) + '<div class="fold-body">'
                      + opened(files[html.unescape(m.group(2))][1].decode("utf-8")) + "</div>", markup, flags=re.S)
    return opened(page)
