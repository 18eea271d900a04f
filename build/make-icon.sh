#!/bin/sh
# Regenerates build/icon.png (1024×1024) with ImageMagick 6, matching build/icon.svg. ImageMagick's built-in SVG
# renderer ignores gradients, so the mark is composed from layers: a rounded square, a Facebook-blue circle and an
# Instagram-gradient circle, outlined in white. Also prints the 32 px tray icon as base64 for electron/main/tray-icon.ts.
set -eu
out=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
S=1024
convert -size ${S}x${S} gradient:'#1c2233'-'#0e1220' bg.png
convert -size ${S}x${S} xc:black -fill white -draw "roundrectangle 64,64 959,959 200,200" rmask.png
convert bg.png rmask.png -alpha off -compose CopyOpacity -composite bgr.png
convert -size ${S}x${S} gradient:'#3b8cff'-'#1060e0' fbg.png
convert -size ${S}x${S} xc:black -fill white -draw "circle 404,512 404,284" fbmask.png
convert fbg.png fbmask.png -alpha off -compose CopyOpacity -composite fb.png
convert -size ${S}x${S} xc: -sparse-color Shepards '392,740 #feda75  506,626 #fa7e1e  620,512 #d62976  734,398 #962fbf  848,284 #4f5bd5' igg.png
convert -size ${S}x${S} xc:black -fill 'gray(88%)' -draw "circle 620,512 620,284" igmask.png
convert igg.png igmask.png -alpha off -compose CopyOpacity -composite ig.png
convert -size ${S}x${S} xc:none -fill none -stroke 'rgba(255,255,255,0.92)' -strokewidth 28 -draw "circle 404,512 404,284" -draw "circle 620,512 620,284" rings.png
convert bgr.png fb.png -compose over -composite ig.png -compose over -composite rings.png -compose over -composite -depth 8 -define png:color-type=6 "$out/icon.png"
convert "$out/icon.png" -resize 32x32 -depth 8 -strip tray.png
base64 -w0 tray.png
echo
