// Reading a connection's two sides (docs/settings-api.md: sides[] with mine, siteUrl, projectKey).
import { boot } from '../common/host';
import { siteName } from '../common/format';

export const mySide = (connection) => connection.sides.find((side) => side.mine);
export const otherSide = (connection) => connection.sides.find((side) => !side.mine);

export function describeSide(side) {
  if (!side?.siteUrl) return 'another site (invitation not redeemed yet)';
  const where = side.siteUrl === boot.siteUrl ? 'this site' : siteName(side.siteUrl);
  return `${side.projectKey} on ${where}`;
}

// A same-site request that this side (B) must accept or decline.
export const waitsForMe = (connection) => connection.status === 'requested' && connection.mySide === 'b';

// "a->b" as people read it: "CUS → SUP".
export function describeDirection(connection, direction) {
  if (!direction) return '—';
  const [from, to] = direction.split('->').map((side) => connection.sides.find((s) => s.side === side)?.projectKey ?? side);
  return `${from} → ${to}`;
}
