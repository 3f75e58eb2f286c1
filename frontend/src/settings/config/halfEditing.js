// Immutable edits of a half document (addon/sync/halves.py): every change returns a new half.

export function setIn(half, path, value) {
  const [head, ...rest] = path;
  const copy = Array.isArray(half) ? [...half] : { ...half };
  copy[head] = rest.length ? setIn(half?.[head] ?? {}, rest, value) : value;
  return copy;
}

// Replaces one entry of an object, keeping the entries' order; a new key replaces the old one in place.
export function replaceEntry(object, oldKey, newKey, value) {
  const entries = Object.entries(object).map(([key, old]) => (key === oldKey ? [newKey, value] : [key, old]));
  return Object.fromEntries(entries);
}

export function withoutKey(object, removed) {
  return Object.fromEntries(Object.entries(object).filter(([key]) => key !== removed));
}
