// What a field's values are (addon/sync/field_types.py, the `kind` of each field in GET /connections/<id>/sides),
// and the plain-language lines of the Fields tab.
import { fieldName } from './catalogs';

// Kinds whose values are chosen from a list, or are labels: only those take a value map.
export const VALUE_MAP_KINDS = ['priority', 'components', 'versions', 'option', 'options', 'cascading', 'labels'];
// Labels are free words: their value map is typed, not picked.
export const FREE_VALUE_KINDS = ['labels'];
// Fields naming components or versions, which this side may create when the other side names one it lacks.
export const CREATABLE_FIELDS = { components: 'components', fixVersions: 'versions', versions: 'versions' };

export function fieldKind(catalog, id) {
  return catalog.fields.find((field) => field.id === id)?.kind ?? 'other';
}

export const takesValueMap = (catalog, id) => VALUE_MAP_KINDS.includes(fieldKind(catalog, id));

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

// "Priority: their 'High' -> my 'Highest'; other values arrive as they are."
export function valueMapLine(label, valueMap) {
  const pairs = Object.entries(valueMap?.values ?? {});
  const shown = pairs.slice(0, 3).map(([from, to]) => `their '${from}' → my '${to}'`).join(', ');
  const more = pairs.length > 3 ? ` and ${plural(pairs.length - 3, 'more', 'more')}` : '';
  const otherwise = {
    default: `other values become '${valueMap?.default ?? ''}'`,
    error: 'another value stops the issue with an error',
    ignore: 'other values leave the field as it is',
  }[valueMap?.if_no_match ?? 'ignore'];
  return pairs.length ? `${label}: ${shown}${more}; ${otherwise}.` : `${label}: values arrive as they are.`;
}

// The tab's summary: what arrives, with which value maps, and what becomes of missing components and versions.
export function fieldsSummary(half, own, other) {
  const arriving = Object.keys(half.incoming.fields);
  const created = half.incoming.create_missing ?? [];
  const lines = [
    arriving.length
      ? `${plural(arriving.length, 'field arrives', 'fields arrive')} from ${other.projectKey}: ${arriving.map((id) => fieldName(other, id)).join(', ')}.`
      : `No field arrives from ${other.projectKey}.`,
  ];
  Object.entries(half.incoming.value_maps).forEach(([id, valueMap]) => lines.push(valueMapLine(fieldName(other, id), valueMap)));
  const creatable = Object.values(half.incoming.fields).filter((id) => id in CREATABLE_FIELDS);
  creatable.forEach((id) => lines.push(created.includes(id)
    ? `${fieldName(own, id)}: one ${own.projectKey} lacks is created there.`
    : `${fieldName(own, id)}: one ${own.projectKey} lacks is left out, with a note in the history.`));
  lines.push(`A value ${own.projectKey} refuses is left out with Jira's reason in the history; the rest of the issue still syncs.`);
  return lines;
}
