import Button, { IconButton } from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import DeleteIcon from '@atlaskit/icon/core/delete';
import Textfield from '@atlaskit/textfield';
import { Stack } from '@atlaskit/primitives';
import caption from '../../common/caption';
import { Helper, PlainSelect } from '../../common/fields';
import { fieldName, fieldOptions, nameOptions } from './catalogs';
import { setIn, withoutKey } from './halfEditing';

const ALL_TYPES = '*';
// The Customer Request Type, named apart because its field id differs per site (addon/sync/halves.py).
const REQUEST_TYPE = 'request_type';

// Values set on issues created here, per issue type: the Customer Request Type of a service desk above all.
export default function DefaultsTab({ half, onChange, own, readOnly }) {
  const defaults = half.incoming.defaults;
  const rows = Object.entries(defaults).flatMap(([type, values]) =>
    Object.entries(values).map(([field, value]) => ({ type, field, value })),
  );
  const save = (next) => onChange(setIn(half, ['incoming', 'defaults'], next));
  const put = (all, { type, field, value }) => ({ ...all, [type]: { ...(all[type] ?? {}), [field]: value } });
  const take = (all, { type, field }) => {
    const rest = withoutKey(all[type] ?? {}, field);
    return Object.keys(rest).length ? { ...all, [type]: rest } : withoutKey(all, type);
  };
  const change = (row, changes) => save(put(take(defaults, row), { ...row, ...changes }));

  const typeOptions = [{ label: 'All issue types', value: ALL_TYPES },
    ...nameOptions(own.issueTypes, Object.keys(defaults).filter((type) => type !== ALL_TYPES))];
  const fieldChoices = [
    ...(own.isServiceDesk ? [{ label: 'Customer Request Type', value: REQUEST_TYPE }] : []),
    ...fieldOptions(own, rows.map((row) => row.field).filter((field) => field !== REQUEST_TYPE)),
  ];
  const label = (field) => (field === REQUEST_TYPE ? 'Customer Request Type' : fieldName(own, field));
  const typeLabel = (type) => (type === ALL_TYPES ? 'all issue types' : type);

  const head = {
    cells: [
      { key: 'type', content: `Issue type in ${own.projectKey}` },
      { key: 'field', content: 'Field' },
      { key: 'value', content: 'Default value' },
      { key: 'remove', content: <span className="tandem-muted">Remove</span> },
    ],
  };
  const tableRows = rows.map((row) => ({
    key: `${row.type}/${row.field}`,
    cells: [
      { key: 'type', content: <PlainSelect aria-label={`Issue type of the default for ${label(row.field)}`}
        options={typeOptions} value={row.type} isDisabled={readOnly} onChange={(type) => type && change(row, { type })} /> },
      { key: 'field', content: <PlainSelect aria-label={`Field of the default for ${typeLabel(row.type)}`}
        options={fieldChoices} value={row.field} isDisabled={readOnly} onChange={(field) => field && change(row, { field })} /> },
      { key: 'value', content: row.field === REQUEST_TYPE ? (
        <PlainSelect aria-label={`Customer Request Type for ${typeLabel(row.type)}`}
          options={nameOptions(own.requestTypes, [row.value])} value={row.value} isDisabled={readOnly}
          onChange={(value) => value && change(row, { value })} />
      ) : (
        <Textfield aria-label={`Default ${label(row.field)} for ${typeLabel(row.type)}`} value={String(row.value ?? '')}
          isReadOnly={readOnly} onChange={(event) => change(row, { value: event.target.value })} />
      ) },
      { key: 'remove', content: <IconButton icon={DeleteIcon} label={`Remove the default ${label(row.field)} of ${typeLabel(row.type)}`}
        appearance="subtle" isDisabled={readOnly} onClick={() => save(take(defaults, row))} /> },
    ],
  }));

  const addRow = () => {
    const type = own.issueTypes.find((name) => !defaults[name]) ?? ALL_TYPES;
    const field = own.isServiceDesk ? REQUEST_TYPE : own.fields[0]?.id;
    save(put(defaults, { type, field, value: field === REQUEST_TYPE ? own.requestTypes[0] ?? '' : '' }));
  };

  return (
    <Stack space="space.200">
      <Helper>Set on issues that Tandem creates in {own.projectKey}, before the arriving fields are written.</Helper>
      <DynamicTable caption={caption(`Default values in ${own.projectKey}`)} head={head} rows={tableRows}
        emptyView={<p className="tandem-muted">No default values.</p>} />
      {!readOnly && <div><Button onClick={addRow} isDisabled={!own.issueTypes.length}>Add default value</Button></div>}
    </Stack>
  );
}
