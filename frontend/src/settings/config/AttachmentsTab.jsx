import { Stack } from '@atlaskit/primitives';
import { Helper, LabeledToggle } from '../../common/fields';
import { setIn } from './halfEditing';

// Attachments leave a side when its half says so; the receiving side adds what arrives.
export default function AttachmentsTab({ half, onChange, own, other, readOnly }) {
  return (
    <Stack space="space.200">
      <LabeledToggle label={`Send attachments of ${own.projectKey} to ${other.projectKey}`}
        isChecked={half.outgoing.attachments} isDisabled={readOnly}
        onChange={(on) => onChange(setIn(half, ['outgoing', 'attachments'], on))} />
      <Helper>Attachments arriving from {other.projectKey} are added when its side sends them.</Helper>
    </Stack>
  );
}
