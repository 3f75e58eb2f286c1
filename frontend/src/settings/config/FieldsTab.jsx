import { useState } from 'react';
import Button, { IconButton } from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import DeleteIcon from '@atlaskit/icon/core/delete';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import caption from '../../common/caption';
import { Helper, LabeledSelect, LabeledToggle, PlainSelect } from '../../common/fields';
import { fieldName, fieldOptions } from './catalogs';
import { CREATABLE_FIELDS, fieldKind, fieldsSummary, takesValueMap } from './fieldKinds';
import { replaceEntry, setIn, withoutKey } from './halfEditing';
import ValueMapEditor from './ValueMapEditor';

// Fields: which of this side's fields leave it, and into which field each arriving field is written, with value
// maps for fields whose values are chosen from a list (priorities, components, versions, options, labels), and
// whether components and versions this project lacks are created.
export default function FieldsTab({ half, onChange, own, other, opposite, readOnly }) {
  const [editing, setEditing] = useState(null); // the arriving field whose value map is open below the table
  const incoming = half.incoming;
  const mapping = incoming.fields;
  const valueMaps = incoming.value_maps;
  const setIncoming = (key, value) => onChange(setIn(half, ['incoming', key], value));
  const theirOptions = fieldOptions(other, Object.keys(mapping));
  const ownOptions = fieldOptions(own, [...Object.values(mapping), ...half.outgoing.fields]);
  const sent = new Set(half.outgoing.fields);

  const rename = (theirs, value) => {
    if (!value || value in mapping) return;
    onChange(setIn(setIn(half, ['incoming', 'fields'], replaceEntry(mapping, theirs, value, mapping[theirs])),
      ['incoming', 'value_maps'], withoutKey(valueMaps, theirs)));
  };
  // A field whose values are not chosen from a list takes no value map: one it had goes with the change.
  const retarget = (theirs, ours) => {
    if (!ours) return;
    const maps = takesValueMap(own, ours) ? valueMaps : withoutKey(valueMaps, theirs);
    onChange(setIn(setIn(half, ['incoming', 'fields'], { ...mapping, [theirs]: ours }), ['incoming', 'value_maps'], maps));
  };
  const remove = (theirs) =>
    onChange(setIn(setIn(half, ['incoming', 'fields'], withoutKey(mapping, theirs)), ['incoming', 'value_maps'],
      withoutKey(valueMaps, theirs)));

  const head = {
    cells: [
      { key: 'theirs', content: `Field in ${other.projectKey}` },
      { key: 'ours', content: `Written to in ${own.projectKey}` },
      { key: 'direction', content: 'Direction' },
      { key: 'values', content: 'Values' },
      { key: 'remove', content: <span className="tandem-muted">Remove</span> },
    ],
  };
  const rows = Object.entries(mapping).map(([theirs, ours]) => {
    const label = fieldName(other, theirs);
    const valueMap = valueMaps[theirs];
    return {
      key: theirs,
      cells: [
        { key: 'theirs', content: <PlainSelect aria-label={`Field in ${other.projectKey}`} options={theirOptions}
          value={theirs} isDisabled={readOnly} onChange={(value) => rename(theirs, value)} /> },
        { key: 'ours', content: <PlainSelect aria-label={`${label} is written to in ${own.projectKey}`}
          options={ownOptions} value={ours} isDisabled={readOnly} onChange={(value) => retarget(theirs, value)} /> },
        { key: 'direction', content: sent.has(ours) ? '↔ both ways' : `← from ${other.projectKey}` },
        { key: 'values', content: takesValueMap(own, ours) ? (
          <ValueMapButton label={label} valueMap={valueMap} onClick={() => setEditing(theirs)} />
        ) : <span className="tandem-muted">Copied as it is</span> },
        { key: 'remove', content: <IconButton icon={DeleteIcon} label={`Stop receiving ${label}`} appearance="subtle"
          isDisabled={readOnly} onClick={() => remove(theirs)} /> },
      ],
    };
  });
  const addable = other.fields.find((field) => !(field.id in mapping));

  const created = incoming.create_missing ?? [];
  const creatable = Object.values(mapping).filter((id) => id in CREATABLE_FIELDS);
  const setCreated = (id, on) => setIncoming('create_missing', on ? [...created, id] : created.filter((name) => name !== id));

  return (
    <Stack space="space.200">
      <div className="tandem-summary">
        {fieldsSummary(half, own, other).map((line) => <Helper key={line}>{line}</Helper>)}
      </div>
      <LabeledSelect label={`Fields ${own.projectKey} sends to ${other.projectKey}`} isMulti options={ownOptions}
        value={half.outgoing.fields} isDisabled={readOnly} onChange={(value) => onChange(setIn(half, ['outgoing', 'fields'], value))} />
      {!readOnly && <Suggestions mapping={mapping} own={own} other={other} opposite={opposite}
        onAccept={(theirs, ours) => setIncoming('fields', { ...mapping, [theirs]: ours })} />}
      <DynamicTable caption={caption(`Fields arriving from ${other.projectKey}`)} head={head} rows={rows}
        emptyView={<p className="tandem-muted">No field arrives from {other.projectKey}.</p>} />
      {!readOnly && (
        <div>
          <Button isDisabled={!addable} onClick={() => setIncoming('fields', { ...mapping, [addable.id]: addable.id })}>
            Add field
          </Button>
        </div>
      )}
      {[...new Set(creatable)].map((id) => (
        <LabeledToggle key={id} isChecked={created.includes(id)} isDisabled={readOnly} onChange={(on) => setCreated(id, on)}
          label={`Create the ${CREATABLE_FIELDS[id] === 'components' ? 'components' : 'versions'} named in ${fieldName(own, id)} that ${own.projectKey} lacks (otherwise they are left out, with a note in the history)`} />
      ))}
      {editing && (
        <ValueMapEditor key={editing} fieldLabel={fieldName(other, editing)} theirField={editing} ownField={mapping[editing]}
          kind={fieldKind(own, mapping[editing])} own={own} other={other} valueMap={valueMaps[editing]}
          readOnly={readOnly} onClose={() => setEditing(null)}
          onSave={(valueMap) => {
            setIncoming('value_maps', valueMap ? { ...valueMaps, [editing]: valueMap } : withoutKey(valueMaps, editing));
            setEditing(null);
          }} />
      )}
    </Stack>
  );
}

// Opens a field's value map. Its name says which field, and includes what it shows (WCAG 2.5.3, label in name).
function ValueMapButton({ label, valueMap, onClick }) {
  const shown = valueMap ? `Value map (${Object.keys(valueMap.values).length})` : 'Same values';
  return (
    <Button appearance="subtle" onClick={onClick} aria-label={`Value map of ${label}: ${shown}`}>
      {shown}
    </Button>
  );
}

// Fields the other side sends that arrive nowhere here yet, each with the field of the same id or name here.
function Suggestions({ mapping, own, other, opposite, onAccept }) {
  if (!opposite) return null;
  const suggested = opposite.outgoing.fields
    .filter((id) => !(id in mapping))
    .map((id) => [id, own.fields.find((field) => field.id === id || field.name === fieldName(other, id))])
    .filter(([, match]) => match);
  if (!suggested.length) return null;
  return (
    <SectionMessage appearance="discovery" title="Suggestions">
      <p>{other.projectKey} sends these fields, and {own.projectKey} has a field of the same name:</p>
      <Inline space="space.100" shouldWrap>
        {suggested.map(([id, match]) => (
          <Button key={id} onClick={() => onAccept(id, match.id)}>
            Receive {fieldName(other, id)} into {match.name}
          </Button>
        ))}
      </Inline>
    </SectionMessage>
  );
}
