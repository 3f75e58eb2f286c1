import Button, { IconButton } from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import DeleteIcon from '@atlaskit/icon/core/delete';
import { Stack } from '@atlaskit/primitives';
import caption from '../../common/caption';
import { Helper, LabeledSelect, LabeledToggle, PlainSelect } from '../../common/fields';
import { nameOptions } from './catalogs';
import { replaceEntry, setIn, withoutKey } from './halfEditing';

// How issues arriving from the other side become issues here: whether they are created at all (the direction),
// which issue type each of theirs becomes, and what happens to the others.
export default function IssueTypesTab({ half, onChange, own, other, opposite, readOnly }) {
  const incoming = half.incoming;
  const mapping = incoming.issue_types;
  const theirTypes = nameOptions(other.issueTypes, Object.keys(mapping));
  const ownTypes = nameOptions(own.issueTypes, Object.values(mapping));
  const set = (key, value) => onChange(setIn(half, ['incoming', key], value));
  const unmapped = other.issueTypes.find((name) => !(name in mapping));

  const head = {
    cells: [
      { key: 'theirs', content: `Issue type in ${other.projectKey}` },
      { key: 'ours', content: `Becomes in ${own.projectKey}` },
      { key: 'remove', content: <span className="tandem-muted">Remove</span> },
    ],
  };
  const rows = Object.entries(mapping).map(([theirs, ours]) => ({
    key: theirs,
    cells: [
      {
        key: 'theirs',
        content: (
          <PlainSelect aria-label={`Issue type in ${other.projectKey}`} options={theirTypes} value={theirs}
            isDisabled={readOnly} onChange={(value) => value && set('issue_types', replaceEntry(mapping, theirs, value, ours))} />
        ),
      },
      {
        key: 'ours',
        content: (
          <PlainSelect aria-label={`${theirs} becomes in ${own.projectKey}`} options={ownTypes} value={ours}
            isDisabled={readOnly} onChange={(value) => value && set('issue_types', { ...mapping, [theirs]: value })} />
        ),
      },
      {
        key: 'remove',
        content: (
          <IconButton icon={DeleteIcon} label={`Remove the mapping of ${theirs}`} appearance="subtle"
            isDisabled={readOnly} onClick={() => set('issue_types', withoutKey(mapping, theirs))} />
        ),
      },
    ],
  }));

  return (
    <Stack space="space.200">
      <DirectionSummary half={half} own={own} other={other} opposite={opposite} />
      <LabeledToggle label={`Create issues in ${own.projectKey} for new issues of ${other.projectKey}`}
        isChecked={incoming.create_issues} isDisabled={readOnly} onChange={(value) => set('create_issues', value)} />
      <DynamicTable caption={caption(`Issue types of ${other.projectKey} and what they become in ${own.projectKey}`)} head={head}
        rows={rows} emptyView={<p className="tandem-muted">No issue type is mapped.</p>} />
      {!readOnly && (
        <div>
          <Button isDisabled={!unmapped} onClick={() => set('issue_types', { ...mapping, [unmapped]: own.issueTypes[0] })}>
            Add issue type mapping
          </Button>
        </div>
      )}
      <LabeledToggle label={`Otherwise use the issue type of the same name in ${own.projectKey}`}
        isChecked={incoming.mirror_issue_types} isDisabled={readOnly} onChange={(value) => set('mirror_issue_types', value)} />
      <LabeledSelect label={`If no issue type matches, create in ${own.projectKey} as`}
        options={[{ label: 'Do not create the issue', value: null }, ...nameOptions(own.issueTypes, [incoming.fallback_issue_type])]}
        value={incoming.fallback_issue_type ?? null} isDisabled={readOnly}
        onChange={(value) => set('fallback_issue_type', value)} />
      <LabeledSelect label={`A sub-task of ${other.projectKey} whose parent is not synced to ${own.projectKey}`}
        options={[
          { label: 'Is not created', value: 'skip' },
          { label: 'Is created on its own, as the issue type chosen above', value: 'fallback' },
        ]}
        value={incoming.subtasks_without_parent} isDisabled={readOnly}
        helper={`In ${own.projectKey} a sub-task needs a parent: it is created under the parent's synced issue when there is one.`}
        onChange={(value) => set('subtasks_without_parent', value)} />
      <LabeledSelect label={`When a synced issue of ${own.projectKey} is deleted`}
        options={[
          { label: `It stays deleted; its issue in ${other.projectKey} is no longer synced`, value: 'keep_unlinked' },
          { label: `It is created again at the next change of its issue in ${other.projectKey}`, value: 'recreate' },
        ]}
        value={incoming.when_twin_deleted} isDisabled={readOnly}
        helper="Either way, nothing is deleted on the other side, and the connection's history says what happened."
        onChange={(value) => set('when_twin_deleted', value)} />
    </Stack>
  );
}

// Where new issues travel, from both halves: each side decides whether it creates what arrives.
function DirectionSummary({ half, own, other, opposite }) {
  const theyCreate = opposite ? opposite.incoming.create_issues : null;
  const describe = (creates) => (creates === null ? 'not decided yet' : creates ? 'created' : 'not created');
  return (
    <Helper>
      New issues {other.projectKey} → {own.projectKey}: {describe(half.incoming.create_issues)}; {own.projectKey} →{' '}
      {other.projectKey}: {describe(theyCreate)}.
    </Helper>
  );
}
