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

// Who a user of the other side is in this project (addon/sync/people.py): the table, then the same e-mail address,
// then a display name only one user here has; anyone else, or anyone this site refuses, gets the fallback. Mentions
// follow the same map. Words on screen are a Jira admin's: users, matched, project keys (never "half" or "twin").
const PEOPLE_FIELDS = [['assignee', 'Assignee'], ['reporter', 'Reporter']];
const DEFAULTS = {
  match_by_email: true, match_by_display_name: true, table: [], fallback: 'leave', default_account_id: null,
  default_name: null, raise_on_behalf: false,
};

export default function PeopleTab({ half, onChange, own, other, readOnly }) {
  const people = { ...DEFAULTS, ...half.incoming.people };
  const set = (key, value) => onChange(setIn(half, ['incoming', 'people'], { ...people, [key]: value }));
  const fallbackOptions = [
    { label: `Keep the value ${own.projectKey} has`, value: 'leave' },
    { label: 'Leave the field empty (unassigned)', value: 'unassigned' },
    { label: 'Use a default user instead', value: 'default_user' },
  ];
  return (
    <Stack space="space.200">
      <Helper>{summaryOf(people, own, other)}</Helper>
      <CarriedFields half={half} onChange={onChange} own={own} other={other} readOnly={readOnly} />
      <PeopleTable people={people} onTable={(table) => set('table', table)} own={own} other={other}
        readOnly={readOnly} />
      <LabeledToggle label={`Then match ${other.projectKey}'s users to ${own.projectKey}'s by e-mail address (where both sites show it)`}
        isChecked={people.match_by_email} isDisabled={readOnly} onChange={(on) => set('match_by_email', on)} />
      <LabeledToggle label={`Then by name, when only one user of ${own.projectKey}'s site has it`}
        isChecked={people.match_by_display_name} isDisabled={readOnly}
        onChange={(on) => set('match_by_display_name', on)} />
      <LabeledSelect label={`When someone is not matched, or ${own.projectKey} refuses them`} options={fallbackOptions}
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

// The plain-language line: how the other side's users are matched here, and what becomes of the others.
export function summaryOf(people, own, other) {
  const ways = [];
  if (people.table.length) ways.push(`your table (${people.table.length} ${people.table.length === 1 ? 'user' : 'users'})`);
  if (people.match_by_email) ways.push('the same e-mail address');
  if (people.match_by_display_name) ways.push(`a name only one ${own.projectKey} user has`);
  const matched = ways.length ? `are matched to ${own.projectKey}'s by ${ways.join(', then ')}`
    : `are not matched to ${own.projectKey}'s`;
  const otherwise = {
    leave: `${own.projectKey} keeps the value it has`,
    unassigned: 'the field is left empty (unassigned)',
    default_user: `${people.default_name ?? 'the default user'} is used instead`,
  }[people.fallback];
  return `People: ${other.projectKey}'s users ${matched}. For anyone not matched, or whom ${own.projectKey} refuses `
    + `(such as someone who cannot be assigned its issues), ${otherwise}. Mentions of matched users become mentions `
    + `in ${own.projectKey}; others stay plain text.`;
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
    <Stack space="space.100">
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
      <Helper>User picker fields are chosen on the Fields tab, and matched the same way.</Helper>
    </Stack>
  );
}

function PeopleTable({ people, onTable, own, other, readOnly }) {
  const [theirs, setTheirs] = useState(null);
  const [mine, setMine] = useState(null);
  const head = {
    cells: [
      { key: 'theirs', content: `User in ${other.projectKey}` },
      { key: 'mine', content: `User in ${own.projectKey}` },
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
      <DynamicTable caption={caption(`Users of ${other.projectKey} and who they are in ${own.projectKey}`)} head={head}
        rows={rows} emptyView={<p className="tandem-muted">No one listed yet: users are matched as set out below.</p>} />
      {!readOnly && (
        <Inline space="space.200" alignBlock="end" shouldWrap>
          <UserPicker label={`User in ${other.projectKey}`} catalog={other} value={theirs} onPick={setTheirs} />
          <UserPicker label={`User in ${own.projectKey}`} catalog={own} value={mine} onPick={setMine} />
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
            ? `No user of ${catalog.projectKey}'s site has that name` : 'Type the start of a name')}
          menuPosition="fixed" />
      </div>
    </Stack>
  );
}
