import { useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { Label } from '@atlaskit/form';
import { Inline, Stack } from '@atlaskit/primitives';
import { AsyncSelect } from '@atlaskit/select';
import { get } from '../../common/api';
import caption from '../../common/caption';
import { Helper, LabeledSelect, LabeledToggle } from '../../common/fields';
import { setIn } from './halfEditing';

// Who a person of the other side is in this project (addon/sync/people.py): the table, then the same e-mail address,
// then a display name only one person here has; anyone else gets the fallback. Mentions follow the same map.
const PEOPLE_FIELDS = [['assignee', 'Assignee'], ['reporter', 'Reporter']];
const DEFAULTS = {
  match_by_email: true, match_by_display_name: true, table: [], fallback: 'leave', default_account_id: null,
  default_name: null, raise_on_behalf: false,
};

export default function PeopleTab({ half, onChange, own, other, readOnly }) {
  const people = { ...DEFAULTS, ...half.incoming.people };
  const set = (key, value) => onChange(setIn(half, ['incoming', 'people'], { ...people, [key]: value }));
  const fallbackOptions = [
    { label: `Leave the value in ${own.projectKey} as it is`, value: 'leave' },
    { label: 'Leave it empty (unassigned)', value: 'unassigned' },
    { label: 'Use a default user', value: 'default_user' },
  ];
  return (
    <Stack space="space.200">
      <Helper>{summaryOf(people, own, other)}</Helper>
      <CarriedFields half={half} onChange={onChange} own={own} other={other} readOnly={readOnly} />
      <PeopleTable people={people} onTable={(table) => set('table', table)} own={own} other={other}
        readOnly={readOnly} />
      <LabeledToggle label={`Otherwise find people of ${other.projectKey} in ${own.projectKey} by e-mail address (where both sites show it)`}
        isChecked={people.match_by_email} isDisabled={readOnly} onChange={(on) => set('match_by_email', on)} />
      <LabeledToggle label={`Otherwise by their name, when only one person in ${own.projectKey}'s site has it`}
        isChecked={people.match_by_display_name} isDisabled={readOnly}
        onChange={(on) => set('match_by_display_name', on)} />
      <LabeledSelect label={`Someone not found in ${own.projectKey}`} options={fallbackOptions}
        value={people.fallback} isDisabled={readOnly} onChange={(value) => set('fallback', value ?? 'leave')} />
      {people.fallback === 'default_user' && (
        <UserPicker label={`Default user in ${own.projectKey}`} catalog={own} readOnly={readOnly}
          value={people.default_account_id ? { value: people.default_account_id, label: people.default_name ?? people.default_account_id } : null}
          onPick={(user) => onChange(setIn(half, ['incoming', 'people'], {
            ...people, default_account_id: user?.value ?? null, default_name: user?.label ?? null,
          }))} />
      )}
      {own.isServiceDesk && (
        <LabeledToggle label={`Raise new requests in ${own.projectKey} on behalf of the customer's portal account, when found`}
          isChecked={people.raise_on_behalf} isDisabled={readOnly} onChange={(on) => set('raise_on_behalf', on)} />
      )}
    </Stack>
  );
}

// The plain-language line: how people are found here, and what becomes of the others.
export function summaryOf(people, own, other) {
  const ways = [];
  if (people.table.length) ways.push(`your table (${people.table.length} ${people.table.length === 1 ? 'person' : 'people'})`);
  if (people.match_by_email) ways.push('the same e-mail address');
  if (people.match_by_display_name) ways.push('a name only one person here has');
  const found = ways.length ? `found in ${own.projectKey} by ${ways.join(', then ')}` : `not looked for in ${own.projectKey}`;
  const others = {
    leave: 'keep the value they replace',
    unassigned: 'leave the field empty',
    default_user: `go to ${people.default_name ?? 'the default user'}`,
  }[people.fallback];
  return `People: ${other.projectKey}'s people are ${found}; anyone else's values ${others}. Mentions of people found `
    + 'become mentions here; others stay readable text.';
}

// Whether the assignee and reporter leave this side and are taken in here (the Fields tab shows the same).
function CarriedFields({ half, onChange, own, other, readOnly }) {
  const sends = (field, on) => onChange(setIn(half, ['outgoing', 'fields'],
    on ? [...half.outgoing.fields, field] : half.outgoing.fields.filter((name) => name !== field)));
  const takes = (field, on) => {
    const fields = { ...half.incoming.fields };
    if (on) fields[field] = field; else delete fields[field];
    onChange(setIn(half, ['incoming', 'fields'], fields));
  };
  return (
    <Inline space="space.300" shouldWrap>
      {PEOPLE_FIELDS.map(([field, name]) => (
        <Stack key={field} space="space.050">
          <LabeledToggle label={`Send the ${name.toLowerCase()} of ${own.projectKey}`} isDisabled={readOnly}
            isChecked={half.outgoing.fields.includes(field)} onChange={(on) => sends(field, on)} />
          <LabeledToggle label={`Take in the ${name.toLowerCase()} of ${other.projectKey}`} isDisabled={readOnly}
            isChecked={half.incoming.fields[field] === field} onChange={(on) => takes(field, on)} />
        </Stack>
      ))}
    </Inline>
  );
}

function PeopleTable({ people, onTable, own, other, readOnly }) {
  const [theirs, setTheirs] = useState(null);
  const [mine, setMine] = useState(null);
  const head = {
    cells: [
      { key: 'theirs', content: `Person in ${other.projectKey}` },
      { key: 'mine', content: `Is in ${own.projectKey}` },
      ...(readOnly ? [] : [{ key: 'remove', content: 'Remove' }]),
    ],
  };
  const rows = people.table.map((row, index) => ({
    key: row.their_account_id,
    cells: [
      { key: 'theirs', content: row.their_name || row.their_account_id },
      { key: 'mine', content: row.my_name || row.my_account_id },
      ...(readOnly ? [] : [{ key: 'remove', content: (
        <Button appearance="subtle" onClick={() => onTable(people.table.filter((_, position) => position !== index))}>
          {`Remove ${row.their_name || row.their_account_id}`}
        </Button>
      ) }]),
    ],
  }));
  const add = () => {
    const kept = people.table.filter((row) => row.their_account_id !== theirs.value);
    onTable([...kept, { their_account_id: theirs.value, their_name: theirs.label, my_account_id: mine.value,
      my_name: mine.label }]);
    setTheirs(null);
    setMine(null);
  };
  return (
    <Stack space="space.100">
      <DynamicTable caption={caption(`People of ${other.projectKey} and who they are in ${own.projectKey}`)} head={head}
        rows={rows} emptyView={<p className="tandem-muted">No one is listed: people are found as set out below.</p>} />
      {!readOnly && (
        <Inline space="space.200" alignBlock="end" shouldWrap>
          <UserPicker label={`Person in ${other.projectKey}`} catalog={other} value={theirs} onPick={setTheirs} />
          <UserPicker label={`Is in ${own.projectKey}`} catalog={own} value={mine} onPick={setMine} />
          <Button isDisabled={!theirs || !mine} onClick={add}>Add to the table</Button>
        </Inline>
      )}
    </Stack>
  );
}

// A user of one side's site, searched as the admin types (GET /connections/<id>/users).
function UserPicker({ label, catalog, value, onPick, readOnly }) {
  const id = useId();
  const search = async (query) => {
    if (!query.trim()) return [];
    const { users } = await get(`/connections/${catalog.connectionId}/users?side=${catalog.searchSide}`
      + `&query=${encodeURIComponent(query)}`);
    return users.map((user) => ({
      value: user.accountId,
      label: user.accountType === 'customer' ? `${user.displayName} (customer)` : user.displayName,
    }));
  };
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{label}</Label>
      <div className="tandem-user-picker">
        <AsyncSelect inputId={id} loadOptions={search} value={value} onChange={onPick} isDisabled={readOnly}
          isClearable placeholder="Type a name" noOptionsMessage={({ inputValue }) => (inputValue
            ? `No one in ${catalog.projectKey}'s site is called so` : 'Type the start of a name')}
          menuPosition="fixed" />
      </div>
    </Stack>
  );
}
