"""A lesson's handout as one document: HTML (screens inline as SVG) or Markdown (screens in files beside it).

The document holds the lesson's title and note; per scene its title, its note, its screen and
its question; at the end "Answers": each question's computed answer, the sentence that explains
it, and the note of the scene that asked it. A scene that asks keeps its note for the answers,
as the app keeps it until the question is answered: notes tend to say the answer.

The HTML is one self-contained file: no script, no external URL (the screens' web-font links are
taken out: the text falls back to a local Fira Code or any monospace font), styles inline, laid
out to print (a scene does not break across pages; the answers start on a new page). Every text
from the lesson is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

from ..errors import visible


@dataclass(frozen=True)
class Question:
    text: str
    kind: str  # runs | number
    runs: tuple[str, ...] = ()  # a question about runs: the runs to pick from, as the keys number them


@dataclass(frozen=True)
class Page:
    """One scene of the handout."""

    number: int
    title: str
    note: str | None  # None: no note, or a note kept for the answers
    screen: str  # the screen as SVG (HTML) or the image file's name, relative (Markdown)
    question: Question | None = None


@dataclass(frozen=True)
class Solution:
    """One question's answer, for the "Answers" part."""

    number: int
    title: str
    answer: str  # "η = 1.5", "0.237796", or "no right answer: …"
    words: str  # the sentence from the verdicts
    note: str | None


@dataclass(frozen=True)
class Handout:
    title: str
    note: str | None
    source: str
    pages: tuple[Page, ...]
    solutions: tuple[Solution, ...]


# -- HTML --------------------------------------------------------------------------------------------
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; background: #fff;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; }
.source { color: #555; font-size: 0.9rem; margin-top: 0; }
section.scene { break-inside: avoid; page-break-inside: avoid; margin: 2rem 0; }
figure { margin: 0.8rem 0; }
figure svg { display: block; width: 100%; height: auto; }
.question { font-weight: 600; border-left: 0.3rem solid #b35900; padding: 0.3rem 0.8rem; background: #fbf3ea; }
.picks { list-style: none; padding-left: 0.8rem; }
.picks li::before { content: "\\2610\\00a0\\00a0"; }
.blank { display: inline-block; min-width: 10rem; border-bottom: 1px solid #111; }
section.answers { break-before: page; page-break-before: always; }
.answers li { margin-bottom: 0.8rem; }
.answers .note { color: #444; }
@media print { body { margin: 0; max-width: none; } .question { background: none; } }
"""


def _h(text: str) -> str:
    return html.escape(visible(text), quote=True)


URL = re.compile(r",?\s*url\(\s*[\"']?(?:https?:)?//[^)]*\)\s*(?:format\([^)]*\))?")
COMMENT = re.compile(r"<!--.*?-->", re.S)
NAMESPACE = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def inline_svg(svg: str) -> str:
    """An SVG made fit to sit inside an HTML page: no XML declaration, no comment, no namespace
    attribute, and no link to anything outside (a web font's ``url(https://…)``)."""
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    svg = COMMENT.sub("", svg)
    svg = URL.sub("", svg)
    svg = NAMESPACE.sub("", svg)
    return svg.strip()


def to_html(doc: Handout) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_h(doc.title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{_h(doc.title)}</h1>", f'<p class="source">a handout of the lrtui lesson {_h(doc.source)}</p>']
    if doc.note:
        out.append(f"<p>{_h(doc.note)}</p>")
    for page in doc.pages:
        out.append(f'<section class="scene" id="scene-{page.number}">')
        out.append(f"<h2>Scene {page.number}: {_h(page.title)}</h2>")
        if page.note:
            out.append(f"<p>{_h(page.note)}</p>")
        out.append(f'<figure role="img" aria-label="scene {page.number}: {_h(page.title)}">'
                   f"{inline_svg(page.screen)}</figure>")
        if page.question is not None:
            q = page.question
            out.append(f'<p class="question">Question: {_h(q.text)}</p>')
            if q.kind == "runs":
                out.append('<ul class="picks">' + "".join(f"<li>{i}. {_h(name)}</li>" for i, name in
                                                        enumerate(q.runs, 1)) + "</ul>")
            else:
                out.append('<p>Your answer: <span class="blank">&nbsp;</span></p>')
        out.append("</section>")
    if doc.solutions:
        out.append('<section class="answers"><h2>Answers</h2><ol>')
        for s in doc.solutions:
            out.append(f'<li value="{s.number}"><strong>Scene {s.number}: {_h(_ended(s.title))}</strong> '
                       f"{_h(_capital(s.answer))}. {_h(_capital(s.words))}."
                       + (f' <span class="note">{_h(s.note)}</span>' if s.note else "") + "</li>")
        out.append("</ol></section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _ended(title: str) -> str:
    """A title as the start of a sentence: a full stop after it, unless it ends in one, ? or !."""
    return title if title.rstrip().endswith((".", "?", "!")) else f"{title}."


def _capital(text: str) -> str:
    """A sentence's start in capitals, unless it starts with a symbol (η, x*, 2/f'')."""
    text = text.rstrip(".")
    return text[:1].upper() + text[1:] if text[:1].isascii() else text


# -- Markdown ----------------------------------------------------------------------------------------
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _md(text: str) -> str:
    """Lesson text as Markdown shows it literally: its special characters escaped, on one line."""
    text = MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))
    return re.sub(r"^([-+]|\d+\.)(\s)", r"\\\1\2", text)


def to_markdown(doc: Handout) -> str:
    out = [f"# {_md(doc.title)}", "", f"A handout of the lrtui lesson {_md(doc.source)}.", ""]
    if doc.note:
        out += [_md(doc.note), ""]
    for page in doc.pages:
        out += [f"## Scene {page.number}: {_md(page.title)}", ""]
        if page.note:
            out += [_md(page.note), ""]
        out += [f"![scene {page.number}: {_md(page.title)}]({quote(page.screen)})", ""]
        if page.question is not None:
            q = page.question
            out += [f"**Question:** {_md(q.text)}", ""]
            if q.kind == "runs":
                out += [f"- [ ] {i}. {_md(name)}" for i, name in enumerate(q.runs, 1)] + [""]
            else:
                out += ["Your answer: ______________", ""]
    if doc.solutions:
        out += ["## Answers", ""]
        for s in doc.solutions:
            heading = f"**Scene {s.number}: {_md(_ended(s.title))}**"
            line = f"- {heading} {_md(_capital(s.answer))}. {_md(_capital(s.words))}."
            out.append(line + (f" {_md(s.note)}" if s.note else ""))
        out.append("")
    return "\n".join(out)
