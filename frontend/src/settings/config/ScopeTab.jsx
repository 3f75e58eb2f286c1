import { Stack } from '@atlaskit/primitives';
import { LabeledSelect } from '../../common/fields';
import { nameOptions } from './catalogs';
import { setIn } from './halfEditing';

// Which issues of this side are synchronized at all: by issue type; none chosen means every type.
export default function ScopeTab({ half, onChange, own, other, readOnly }) {
  const types = half.outgoing.issue_types;
  return (
    <Stack space="space.200">
      <LabeledSelect label={`Issue types of ${own.projectKey} that are sent to ${other.projectKey}`} isMulti
        options={nameOptions(own.issueTypes, types)} value={types} isDisabled={readOnly}
        placeholder="Every issue type" helper="Leave empty to send issues of every type."
        onChange={(value) => onChange(setIn(half, ['outgoing', 'issue_types'], value))} />
    </Stack>
  );
}
