#!/usr/bin/env bash
# Refresh the vendored Designsystemet CSS (Digdir) in static/vendor/designsystemet/.
# Needs npm only when run (make designsystemet); `make run` serves the committed files.
set -euo pipefail
CSS_VERSION="${1:?css version}"
THEME_VERSION="${2:?theme version}"
DEST="static/vendor/designsystemet"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@digdir/designsystemet-css@$CSS_VERSION" "@digdir/designsystemet-theme@$THEME_VERSION" >/dev/null)
mkdir -p "$tmp/css" "$tmp/theme" "$DEST"
tar xzf "$tmp"/digdir-designsystemet-css-*.tgz -C "$tmp/css"
tar xzf "$tmp"/digdir-designsystemet-theme-*.tgz -C "$tmp/theme"
cp "$tmp/css/package/dist/src/index.css" "$DEST/designsystemet.css"
cp "$tmp/theme/package/src/themes/designsystemet.css" "$DEST/theme.css"
cp "$tmp/css/package/LICENSE" "$DEST/LICENSE-designsystemet-css"
cp "$tmp/theme/package/LICENSE" "$DEST/LICENSE-designsystemet-theme"
cat > "$DEST/VERSION" <<VERSIONS
@digdir/designsystemet-css $CSS_VERSION (MIT licence, LICENSE-designsystemet-css) -> designsystemet.css
@digdir/designsystemet-theme $THEME_VERSION (MIT licence, LICENSE-designsystemet-theme) -> theme.css
Refreshed with: make designsystemet
VERSIONS
echo "Designsystemet css $CSS_VERSION, theme $THEME_VERSION -> $DEST"
