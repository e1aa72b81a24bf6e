"""SVG to PNG with the optional ``png`` extra (resvg-py and the Fira Code font package)."""

from __future__ import annotations

from pathlib import Path


def available(gif: bool = False) -> bool:
    """Whether the ``png`` extra is installed (with ``gif``: Pillow too, which assembles a GIF)."""
    try:
        import fontpkg_fira_code  # noqa: F401
        import resvg_py  # noqa: F401

        if gif:
            import PIL  # noqa: F401
    except ImportError:
        return False
    return True


def font_files() -> list[str]:
    import fontpkg_fira_code

    root = Path(fontpkg_fira_code.ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.suffix.lower() in (".ttf", ".otf"))


# characters Fira Code lacks, drawn with the nearest one it has (a missing glyph is an empty box)
STAND_INS = {"⏸": "‖"}


def svg_to_png(svg: str, zoom: float = 1.0) -> bytes:
    """Render with Fira Code (the font the SVG names); system fonts fill in other missing glyphs."""
    import resvg_py

    for missing, stand_in in STAND_INS.items():
        svg = svg.replace(missing, stand_in)
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, font_files=font_files(), zoom=zoom))
