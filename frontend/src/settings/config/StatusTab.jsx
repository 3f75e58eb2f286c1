import Button, { IconButton } from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import DeleteIcon from '@atlaskit/icon/core/delete';
import { Inline, Stack } from '@atlaskit/primitives';
import caption from '../../common/caption';
import { Helper, LabeledSelect, LabeledToggle, PlainSelect } from '../../common/fields';
import { nameOptions } from './catalogs';
import { replaceEntry, setIn, withoutKey } from './halfEditing';

// Statuses (addon/sync/statuses.py): which status of this project an issue moves to when its synced issue in the
// other project changes status. Jira moves an issue only along its workflow, so Tandem walks the transitions there.
const DEFAULTS = { enabled: false, map: {}, transition_fields: {} };

export default function StatusTab({ half, onChange, own, other, readOnly }) {
  const status = { ...DEFAULTS, ...half.incoming.status };
  const mapping = status.map;
  const set = (key, value) => onChange(setIn(half, ['incoming', 'status'], { ...status, [key]: value }));
  const theirStatuses = nameOptions(other.statuses, Object.keys(mapping));
  const ownStatuses = nameOptions(own.statuses, Object.values(mapping));
  const unmapped = other.statuses.find((name) => !(name in mapping));
  const sameNames = other.statuses.filter((name) => own.statuses.includes(name) && !(name in mapping));
  const resolution = status.transition_fields.resolution;

  const head = {
    cells: [
      { key: 'theirs', content: `Status in ${other.projectKey}` },
      { key: 'ours', content: `Moves the issue in ${own.projectKey} to` },
      { key: 'remove', content: <span className="tandem-muted">Remove</span> },
    ],
  };
  const rows = Object.entries(mapping).map(([theirs, ours]) => ({
    key: theirs,
    cells: [
      { key: 'theirs', content: (
        <PlainSelect aria-label={`Status in ${other.projectKey}`} options={theirStatuses} value={theirs}
          isDisabled={readOnly} onChange={(value) => value && set('map', replaceEntry(mapping, theirs, value, ours))} />
      ) },
      { key: 'ours', content: (
        <PlainSelect aria-label={`${theirs} moves the issue in ${own.projectKey} to`} options={ownStatuses}
          value={ours} isDisabled={readOnly} onChange={(value) => value && set('map', { ...mapping, [theirs]: value })} />
      ) },
      { key: 'remove', content: (
        <IconButton icon={DeleteIcon} label={`Remove the mapping of ${theirs}`} appearance="subtle"
          isDisabled={readOnly} onClick={() => set('map', withoutKey(mapping, theirs))} />
      ) },
    ],
  }));

  return (
    <Stack space="space.200">
      <Helper>{summaryOf(status, half.outgoing.status, own, other)}</Helper>
      <LabeledToggle label={`Send the status of ${own.projectKey}'s issues to ${other.projectKey}`}
        isChecked={Boolean(half.outgoing.status)} isDisabled={readOnly}
        onChange={(on) => onChange(setIn(half, ['outgoing', 'status'], on))} />
      <LabeledToggle label={`Move issues of ${own.projectKey} when their synced issue in ${other.projectKey} changes status`}
        isChecked={status.enabled} isDisabled={readOnly} onChange={(on) => set('enabled', on)} />
      <DynamicTable caption={caption(`Statuses of ${other.projectKey} and where they move issues of ${own.projectKey}`)}
        head={head} rows={rows} emptyView={<p className="tandem-muted">No status is mapped.</p>} />
      {!readOnly && (
        <Inline space="space.200" shouldWrap>
          <Button isDisabled={!unmapped} onClick={() => set('map', {
            ...mapping, [unmapped]: own.statuses.includes(unmapped) ? unmapped : own.statuses[0] })}>
            Add status mapping
          </Button>
          <Button isDisabled={!sameNames.length} onClick={() => set('map', {
            ...mapping, ...Object.fromEntries(sameNames.map((name) => [name, name])) })}>
            Map the statuses both projects have by name
          </Button>
        </Inline>
      )}
      <LabeledSelect label={`Resolution in ${own.projectKey} when a transition asks for one`}
        options={[{ label: 'Done, or else the first resolution the transition offers', value: null },
          ...nameOptions(own.resolutions, [resolution])]}
        value={resolution ?? null} isDisabled={readOnly}
        onChange={(value) => set('transition_fields', value
          ? { ...status.transition_fields, resolution: value } : withoutKey(status.transition_fields, 'resolution'))} />
      <Helper>
        {`A status not in the table leaves the issue in ${own.projectKey} where it is. When no single transition of `
          + 'its workflow leads to the mapped status, Tandem goes through the fewest transitions that do. If the '
          + "workflow has no way there, the connection's history says so, and the rest of the change is still synced."}
      </Helper>
    </Stack>
  );
}

// The plain-language line: which statuses move issues here, and what leaves.
export function summaryOf(status, sends, own, other) {
  const sent = sends ? `${own.projectKey}'s status is sent` : `${own.projectKey}'s status is not sent`;
  if (!status.enabled) {
    return `Status: issues of ${own.projectKey} keep the status people give them; ${sent}.`;
  }
  const pairs = Object.entries(status.map).map(([theirs, mine]) => `Their '${theirs}' -> my '${mine}'`);
  return `Status: ${pairs.join(', ') || 'no status is mapped'}; unmapped statuses stay as they are; ${sent}.`;
}
