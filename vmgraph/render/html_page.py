"""The shell every HTML page of vmgraph's shares: one self-contained file, escaped.

A page is one file that makes no network request of any kind: its styles, script and pictures
are inline, and its Content-Security-Policy (`default-src 'none'`) forbids the browser to fetch
anything, so it works from ``file://`` and as a mail attachment. Names come from rule files and
inventories other people write: every one goes through `text` (element content and attribute
values), and data for the page's script goes in a ``<script type="application/json">`` whose
``<``, ``>``, ``&`` and U+2028/U+2029 are written as JSON escapes (`json_data`), so no name can
end the script or start markup. The scripts build their DOM with ``textContent``, never from
markup. Same input, same bytes: nothing here depends on the time or the machine.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..pack.model import Reference
from .styles import STYLES

_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_TEXT_SPECIAL = re.compile(r"[&<>\"']")
# Characters a browser would drop or show as boxes (controls but tab and line feed) become escapes people can read.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_SPECIAL = re.compile("[<>&\u2028\u2029]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
# What a step or a group takes, by its most telling tag: the colours every vmgraph picture uses.
KIND_WORDS = {
    "one-way": "one-way upgrade", "convert": "conversion", "conditional": "conditional (guest OS)",
    "export/import": "export / import", "legacy": "legacy mode", "copy": "copy",
    "blocked": "blocked", "ready": "nothing to do",
}
KIND_COLOURS = {key: (style["color"], style["fill"]) for key, style in STYLES.items()}
KIND_COLOURS.update({"blocked": ("#6B6B6B", "#DDDDDD"), "ready": ("#8A9A9B", "#FFFFFF")})


def text(value: object) -> str:
    """Any value as HTML text (element content or a quoted attribute's value)."""
    value = str(value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return _TEXT_SPECIAL.sub(lambda m: _TEXT[m.group()], value)


def json_text(data: Any) -> str:
    """JSON that may sit inside a script element: nothing in it can close the element."""
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def script_safe(encoded: str) -> str:
    """Encoded JSON with the characters HTML or JavaScript would read as syntax written as escapes."""
    return _JSON_SPECIAL.sub(lambda m: _JSON_ESCAPES[m.group()], encoded)


def json_data(element_id: str, data: Any) -> str:
    return f'<script type="application/json" id="{text(element_id)}">{json_text(data)}</script>\n'


def link(url: str | None, words: str) -> str:
    """A link to an http(s) address, else the words alone (no other scheme is ever a link)."""
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{text(url)}" rel="noreferrer">{text(words)}</a>'
    return text(words)


def cite(reference: Any, said: bool = True) -> str:
    """A source as HTML: the guide's section and page, or another source's title as a link
    (a rule's Reference, or a limit's source: a title and a URL); `said`: with "Guide: " or
    "Source: " before it."""
    if isinstance(reference, Reference) and reference.is_guide:
        return ("Guide: " if said else "the guide, ") + f"{text(reference.section)}, p. {text(reference.page)}"
    return ("Source: " if said else "") + link(reference.url, reference.title or reference.url or "")


_CODE_SPAN = re.compile(r"`([^`]+)`")


def prose(sentence: str) -> str:
    """One of vmgraph's own sentences as HTML: its `code` spans (a command, an option) as code."""
    return _CODE_SPAN.sub(lambda match: f"<code>{match.group(1)}</code>", text(sentence))


def command(words: str) -> str:
    """A command to run, with a button that copies it (the page's script does the copying)."""
    return (f'<div class="command"><code>{text(words)}</code>'
            f'<button type="button" class="copy" data-copy="{text(words)}" aria-label="Copy the command: {text(words)}">Copy</button></div>')


def kind_mark(kind: str) -> str:
    """A small coloured square and the words for what a step or group takes."""
    line, fill = KIND_COLOURS[kind]
    return f'<span class="kind" style="--line:{line};--fill:{fill}"><span class="swatch" aria-hidden="true"></span>{text(KIND_WORDS[kind])}</span>'


BASE_CSS = """
:root{--ink:#1d2327;--muted:#50575e;--rule:#c3c4c7;--soft:#f6f7f7;--accent:#0a5c8c}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1180px;padding:1.5rem 1.25rem 3rem;background:#fff}
h1{font-size:1.55rem;margin:0 0 .4rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--rule);padding-bottom:.2rem}h3{font-size:1.02rem;margin:1.2rem 0 .3rem}
p{margin:.3rem 0}.muted{color:var(--muted)}a{color:var(--accent)}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.command{display:flex;gap:.5rem;align-items:flex-start;margin:.25rem 0;padding:.3rem .5rem;background:var(--soft);border:1px solid var(--rule);border-radius:4px}
.command code{flex:1}
button{font:inherit;font-size:13px;cursor:pointer;border:1px solid #8c8f94;border-radius:3px;background:#fff;color:var(--ink);padding:.1rem .5rem}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,[tabindex]:focus-visible{outline:3px solid #2271b1;outline-offset:1px}
.kind{display:inline-flex;align-items:center;gap:.3rem;white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;border:2px solid var(--line);background:var(--fill);border-radius:2px}
.tag{display:inline-block;font-size:12px;padding:0 .35rem;border:1px solid var(--rule);border-radius:3px;background:var(--soft);margin-right:.2rem}
.warn{border-left:4px solid #D55E00;padding:.2rem .6rem;background:#fdf1e9}
.inferred{font-style:italic;color:var(--muted)}
ul{padding-left:1.3rem}li{margin:.15rem 0}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
footer{margin-top:2.5rem;font-size:13px;color:var(--muted)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{body{max-width:none;padding:0;font-size:11pt}button.copy,.no-print{display:none!important}
a{color:inherit;text-decoration:none}a[href]::after{content:" (" attr(href) ")";font-size:9pt;color:#555}
section,.group{break-inside:avoid}.command{border:0;background:none;padding:0}h2{break-after:avoid}}
"""

COPY_JS = """
function vmgraphCopy(button){
  var words=button.getAttribute('data-copy');
  function said(ok){var old=button.textContent;button.textContent=ok?'Copied':'Select and copy';setTimeout(function(){button.textContent=old;},1500);}
  function byHand(){var area=document.createElement('textarea');area.value=words;area.setAttribute('readonly','');area.style.position='fixed';area.style.opacity='0';
    document.body.appendChild(area);area.select();var ok=false;try{ok=document.execCommand('copy');}catch(e){}document.body.removeChild(area);said(ok);}
  if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(words).then(function(){said(true);},byHand);}else{byHand();}
}
document.addEventListener('click',function(event){var b=event.target.closest&&event.target.closest('button.copy');if(b){vmgraphCopy(b);}});
"""


FOOTER = '<footer><p>Written by vmgraph, from its cited rule pack. This page is one file: it fetches nothing.</p></footer>\n'


def page(title: str, body: str, css: str = "", script: str = "") -> str:
    """The whole document: `body` is HTML already escaped; `css` and `script` are vmgraph's own."""
    return page_head(title, css) + body + page_tail(script)


def page_head(title: str, css: str = "") -> str:
    """The document up to its body's content (a fleet's page is written in parts: its VMs are streamed)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="vmgraph">\n'
        f"<title>{text(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n"
    )


def page_tail(script: str = "") -> str:
    """The rest of the document after its body's content: the footer and the page's script."""
    return f"{FOOTER}<script>{COPY_JS}{script}</script>\n</body>\n</html>\n"
