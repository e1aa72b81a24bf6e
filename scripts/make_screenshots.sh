#!/usr/bin/env bash
# Regenerate screenshots/ (the README's pictures) with `lrtui shot`: SVG always, PNG too when
# the png extra is installed (pip install 'lrtui[png]'). Same flags, same files: run it after
# a change to the app and look at the pictures before committing them.
set -euo pipefail
cd "$(dirname "$0")/.."
LRTUI=${LRTUI:-lrtui}
OUT=screenshots
mkdir -p "$OUT"

if "$LRTUI" shot --size 60x20 --output "$OUT/.probe.png" 2>/dev/null; then
    KINDS="svg png"
else
    KINDS="svg"
    echo "no png extra: SVG only (pip install 'lrtui[png]' for PNG)" >&2
fi
rm -f "$OUT/.probe.png"

shot() {  # name, then lrtui shot flags
    local name=$1
    shift
    for kind in $KINDS; do
        "$LRTUI" shot "$@" --output "$OUT/$name.$kind"
    done
    echo "$OUT/$name"
}

shot default-120x40  --preset quadratic --step 4 --size 120x40
shot default-80x24   --preset quadratic --step 4 --size 80x24
shot quadratic-path  --preset quadratic --step 4 --size 120x40 --view path --press right_square_bracket
shot quadratic-wide  --preset quadratic --step 4 --size 120x40 --view wide
shot wiggly          --preset wiggly --step 40 --size 120x40
shot wiggly-wide     --preset wiggly --step 1000 --size 120x40 --view wide
shot momentum-adam   --preset adam-steps --step 3 --size 120x40 --press right_square_bracket
shot sweep           --preset quadratic --size 120x40 --press w
shot slide           --preset wiggly --step 1000 --size 100x30 --view wide --chrome none --no-footer
shot diverging       --preset overshoot --step 12 --size 120x40
shot steep-wall      --preset steep-wall --step 6 --size 120x40
shot light           --preset overshoot --step 12 --size 120x40 --theme lrtui-light
shot bowl-2d         --preset bowl --step 30 --size 120x40
shot step-decay      --preset step-decay --step 12 --size 120x40   # the η_k chart under the loss
shot linreg          --preset linreg --step 20 --size 120x40
shot bowl-80x24      --preset bowl --step 30 --size 80x24
handout() {  # name, then lrtui shot flags: the screen as text, for handouts (never the key footer)
    local name=$1
    shift
    "$LRTUI" shot "$@" --output "$OUT/$name.txt"
    echo "$OUT/$name.txt"
}

handout default-80x24      --preset quadratic --step 4 --size 80x24
handout wiggly-wide-80x24  --preset wiggly --step 1000 --size 80x24 --view wide
handout sweep-80x24        --preset quadratic --size 80x24 --press w

# a lesson's scene as an animation: the GIF (with the png extra: Pillow assembles it) and the .cast
lesson() {  # format
    local tmp
    tmp=$(mktemp -d)
    "$LRTUI" shot --lesson learning-rate --scene 2 --format "$1" --size 80x24 --chrome none --output "$tmp"
    mv "$tmp/02-three-learning-rates.$1" "$OUT/lesson-three-learning-rates.$1"
    rmdir "$tmp"
    echo "$OUT/lesson-three-learning-rates.$1"
}

lesson cast
if [[ $KINDS == *png* ]]; then
    lesson gif
fi
