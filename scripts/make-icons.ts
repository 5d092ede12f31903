/**
 * Draws the app icons of the installable PWA (web/public/icons/, committed): the header's mark — a gold tile with
 * a "B" — on the deep-teal header colour. `any` icons at 192 and 512 px; a maskable one whose mark stays inside
 * the central 80 % safe zone. Run: npm run icons
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "../web/public/icons");
const TEAL = "#0b4a47";
const GOLD = "#d99a00";

/** `inset`: how far in from the edge the gold tile sits, as a share of the size. */
function svg(size: number, inset: number, rounded: boolean) {
  const tile = size * (1 - 2 * inset);
  const o = size * inset;
  const r = rounded ? size * 0.18 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${r}" fill="${TEAL}"/>
  <rect x="${o}" y="${o}" width="${tile}" height="${tile}" rx="${tile * 0.16}" fill="${GOLD}"/>
  <text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-weight="700"
        font-size="${tile * 0.66}" fill="#1a1d1f">B</text>
</svg>`;
}

const icons: [string, number, number, boolean][] = [
  ["icon-192.png", 192, 0.14, true],
  ["icon-512.png", 512, 0.14, true],
  // Maskable: full-bleed background (the launcher cuts the shape), the mark inside the 80 % safe zone.
  ["maskable-512.png", 512, 0.24, false],
  ["apple-touch-icon-180.png", 180, 0.14, false],
];
for (const [name, size, inset, rounded] of icons) {
  await sharp(Buffer.from(svg(size, inset, rounded)))
    .png({ compressionLevel: 9 })
    .toFile(path.join(out, name));
  console.log(`wrote ${path.join(out, name)}`);
}
