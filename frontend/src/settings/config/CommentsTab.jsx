import DynamicTable from '@atlaskit/dynamic-table';
import { Stack } from '@atlaskit/primitives';
import caption from '../../common/caption';
import { LabeledToggle, PlainSelect } from '../../common/fields';
import { VISIBILITY_NAMES, sentVisibilitiesOf, visibilitiesOf } from './catalogs';
import { setIn } from './halfEditing';

const NOT_SYNCED = '__not_synced__';

// Comments: which of this side's comments leave it (by visibility), and how arriving ones are written here.
export default function CommentsTab({ half, onChange, own, other, readOnly }) {
  const comments = half.incoming.comments;
  const sent = new Set(half.outgoing.comments);
  const setComments = (key, value) => onChange(setIn(half, ['incoming', 'comments', key], value));
  const sendsVisibility = (visibility, on) =>
    onChange(setIn(half, ['outgoing', 'comments'],
      on ? [...half.outgoing.comments, visibility] : half.outgoing.comments.filter((v) => v !== visibility)));
  const targetOptions = [
    ...visibilitiesOf(own).map((visibility) => ({ label: `${VISIBILITY_NAMES[visibility]} comment`, value: visibility })),
    { label: 'Not synced', value: NOT_SYNCED },
  ];

  const head = {
    cells: [
      { key: 'from', content: `Comment in ${other.projectKey}` },
      { key: 'to', content: `Arrives in ${own.projectKey} as` },
    ],
  };
  const rows = sentVisibilitiesOf(other).map((visibility) => ({
    key: visibility,
    cells: [
      { key: 'from', content: VISIBILITY_NAMES[visibility] },
      { key: 'to', content: (
        <PlainSelect aria-label={`A ${visibility} comment of ${other.projectKey} arrives in ${own.projectKey} as`}
          options={targetOptions} value={comments.visibility[visibility] ?? NOT_SYNCED} isDisabled={readOnly}
          onChange={(value) => setComments('visibility',
            { ...comments.visibility, [visibility]: value === NOT_SYNCED ? null : value })} />
      ) },
    ],
  }));

  return (
    <Stack space="space.200">
      {sentVisibilitiesOf(own).map((visibility) => (
        <LabeledToggle key={visibility}
          label={`Send ${visibility} comments of ${own.projectKey} to ${other.projectKey}`}
          isChecked={sent.has(visibility)} isDisabled={readOnly} onChange={(on) => sendsVisibility(visibility, on)} />
      ))}
      <LabeledToggle label={`Write comments arriving from ${other.projectKey} in ${own.projectKey}`}
        isChecked={comments.enabled} isDisabled={readOnly} onChange={(on) => setComments('enabled', on)} />
      <LabeledToggle label={`Comments written in ${own.projectKey} start with who wrote them in ${other.projectKey}, and when`}
        isChecked={comments.enriched} isDisabled={readOnly} onChange={(on) => setComments('enriched', on)} />
      <DynamicTable caption={caption(`Visibility of comments arriving from ${other.projectKey}`)} head={head} rows={rows} />
    </Stack>
  );
}
