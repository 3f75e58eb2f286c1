// What each side offers the editors (GET /connections/<id>/sides), and options built from it. A name the half
// already uses is always offered too, so a value the site no longer has still shows (the server names it).
import { mySide, otherSide } from '../sides';

const EMPTY = { issueTypes: [], fields: [], requestTypes: [], statuses: [], resolutions: [],
  isServiceDesk: false };

export function catalogsOf(data, connection) {
  const found = data?.sides ?? [];
  // connectionId and searchSide: where the user pickers search each side's people (GET /connections/<id>/users).
  return {
    mine: { ...EMPTY, projectKey: mySide(connection).projectKey, ...found.find((side) => side.mine),
      connectionId: connection.id, searchSide: 'mine' },
    theirs: { ...EMPTY, projectKey: otherSide(connection).projectKey, ...found.find((side) => !side.mine),
      connectionId: connection.id, searchSide: 'theirs' },
  };
}

export function nameOptions(names, current = []) {
  return unique([...names, ...current.filter(Boolean)]).map((name) => ({ label: name, value: name }));
}

// Fields by the names admins see; the id is added only where two fields share a name, to tell them apart.
export function fieldOptions(catalog, current = []) {
  const known = new Map(catalog.fields.map((field) => [field.id, field.name]));
  current.filter(Boolean).forEach((id) => known.has(id) || known.set(id, id));
  const counts = new Map();
  known.forEach((name) => counts.set(name, (counts.get(name) ?? 0) + 1));
  return [...known].map(([id, name]) => ({ label: counts.get(name) > 1 ? `${name} (${id})` : name, value: id }));
}

export function fieldName(catalog, id) {
  return catalog.fields.find((field) => field.id === id)?.name ?? id;
}

export const VISIBILITY_NAMES = {
  public: 'Public (shared with the customer)',
  internal: 'Internal',
  standard: 'Standard (Jira Software)',
  restricted: 'Restricted to a project role or group',
};

// A service desk's comments are public or internal; other projects' are standard. A copy is never restricted:
// the other site has no such role or group.
export const visibilitiesOf = (catalog) => (catalog.isServiceDesk ? ['public', 'internal'] : ['standard']);

// What a project's comments may be: any project's may also be restricted to a role or group.
export const sentVisibilitiesOf = (catalog) => [...visibilitiesOf(catalog), 'restricted'];

function unique(values) {
  return [...new Set(values)];
}
