// A small offline map: addresses are free text, so each gets made-up coordinates, the same ones on
// every screen (a hash of the text) within a few kilometres of a fixed city centre.

export const CENTRE = { lat: 52.52, lng: 13.405 };
const SPREAD = { lat: 0.03, lng: 0.05 };
const NS = 'http://www.w3.org/2000/svg';
const W = 400;
const H = 260;

function hash(text) {
  let h = 0x811c9dc5;
  for (const ch of String(text).trim().toLowerCase()) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Where an address is on this map. */
export function place(address) {
  const h = hash(address);
  const a = (h & 0xffff) / 0xffff;
  const b = (h >>> 16) / 0xffff;
  return { lat: CENTRE.lat + (a * 2 - 1) * SPREAD.lat, lng: CENTRE.lng + (b * 2 - 1) * SPREAD.lng };
}

/** Where a driver's car starts in a simulation: about 2 km from the pick-up, in a direction of the trip's id. */
export function startNear(point, seed) {
  const angle = (hash(seed) % 360) * Math.PI / 180;
  return { lat: point.lat + 0.018 * Math.sin(angle), lng: point.lng + 0.028 * Math.cos(angle) };
}

/** Metres between two points. */
export function distance(a, b) {
  const r = 6371e3;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(s));
}

/** Compass bearing from a to b, in degrees [0, 360). */
export function bearing(a, b) {
  const rad = Math.PI / 180;
  const y = Math.sin((b.lng - a.lng) * rad) * Math.cos(b.lat * rad);
  const x = Math.cos(a.lat * rad) * Math.sin(b.lat * rad) - Math.sin(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lng - a.lng) * rad);
  return ((Math.atan2(y, x) / rad) + 360) % 360;
}

export function formatDistance(metres) {
  return metres < 950 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

/** A projection that fits every point, keeping distances true (a degree of longitude is shorter). */
function projection(points) {
  const k = Math.cos(CENTRE.lat * Math.PI / 180);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const p of points) {
    const x = p.lng * k;
    const y = p.lat;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, (maxY - minY) * W / H, 0.01);
  const scale = (W - 60) / span;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return (p) => [W / 2 + (p.lng * k - cx) * scale, H / 2 - (p.lat - cy) * scale];
}

/**
 * Draws the trip: pick-up (P), drop-off (D), the straight route between them, the car's trail
 * and the car where it was last seen.
 */
export function draw(svg, { pickUp, dropOff, trail }) {
  const car = trail.length ? trail[trail.length - 1] : null;
  const project = projection([pickUp, dropOff, ...trail]);
  svg.replaceChildren();
  svg.append(el('rect', { x: 0, y: 0, width: W, height: H, class: 'map-ground' }));
  for (let x = 20; x < W; x += 40) svg.append(el('line', { x1: x, y1: 0, x2: x, y2: H, class: 'map-street' }));
  for (let y = 10; y < H; y += 40) svg.append(el('line', { x1: 0, y1: y, x2: W, y2: y, class: 'map-street' }));
  const [px, py] = project(pickUp);
  const [dx, dy] = project(dropOff);
  svg.append(el('line', { x1: px, y1: py, x2: dx, y2: dy, class: 'map-route' }));
  if (trail.length > 1) {
    svg.append(el('polyline', {
      id: 'map-trail', class: 'map-trail', 'data-count': trail.length,
      points: trail.map((p) => project(p).map((n) => n.toFixed(1)).join(',')).join(' '),
    }));
  }
  const pin = (x, y, label, cls, title) => {
    const g = el('g', { class: cls, transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})` });
    g.append(el('title', {}, title), el('circle', { r: 11 }), el('text', { y: 4, 'text-anchor': 'middle' }, label));
    svg.append(g);
  };
  pin(px, py, 'P', 'map-pick-up', 'Pick-up');
  pin(dx, dy, 'D', 'map-drop-off', 'Drop-off');
  if (car) {
    const [x, y] = project(car);
    const g = el('g', {
      id: 'map-car', class: 'map-car', 'data-lat': car.lat.toFixed(6), 'data-lng': car.lng.toFixed(6),
      transform: `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${(car.heading ?? 0).toFixed(0)})`,
    });
    g.append(el('title', {}, 'The car'), el('circle', { r: 9 }), el('path', { d: 'M0,-7 L5,4 L0,1 L-5,4 Z' }));
    svg.append(g);
  }
}
