import { Stack } from '@atlaskit/primitives';
import { Helper, LabeledSelect, LabeledText, LabeledToggle, optionsOf } from '../../common/fields';
import { setIn } from './halfEditing';

// Types an admin commonly limits attachments to: extensions and MIME types, as the half takes them.
const COMMON_TYPES = ['pdf', 'png', 'jpg', 'gif', 'txt', 'csv', 'log', 'docx', 'xlsx', 'pptx', 'zip', 'image/*',
  'text/*', 'video/*', 'audio/*', 'application/pdf'];
const DEFAULT_RULES = { enabled: true, max_size_mb: null, file_types: [], carry_deletions: false };

// Attachments: whether this side's files leave it, and how the other side's arrive here (size limit, file types,
// deletions).
export default function AttachmentsTab({ half, onChange, own, other, opposite, readOnly }) {
  const rules = { ...DEFAULT_RULES, ...half.incoming.attachments };
  const set = (key, value) => onChange(setIn(half, ['incoming', 'attachments'], { ...rules, [key]: value }));
  const typeOptions = optionsOf([...new Set([...COMMON_TYPES, ...rules.file_types])]);
  return (
    <Stack space="space.200">
      <Helper>{summaryOf(rules, half.outgoing.attachments, opposite?.outgoing.attachments, own, other)}</Helper>
      <LabeledToggle label={`Send attachments of ${own.projectKey} to ${other.projectKey}`}
        isChecked={half.outgoing.attachments} isDisabled={readOnly}
        onChange={(on) => onChange(setIn(half, ['outgoing', 'attachments'], on))} />
      <LabeledToggle label={`Add attachments arriving from ${other.projectKey} to issues of ${own.projectKey}`}
        isChecked={rules.enabled} isDisabled={readOnly} onChange={(on) => set('enabled', on)} />
      <LabeledText label="Largest file added, in MB" type="number" min="0.1" max="2048" step="any"
        value={rules.max_size_mb ?? ''} isDisabled={readOnly || !rules.enabled} placeholder="No limit of Tandem's own"
        helper="Larger files are not copied; the history says which. Empty: only the Jira site's own limit applies."
        onChange={(text) => set('max_size_mb', text === '' ? null : Number(text))} />
      <LabeledSelect label="Only files of these types" isMulti options={typeOptions} value={rules.file_types}
        isDisabled={readOnly || !rules.enabled} placeholder="Files of every type"
        helper="File extensions or kinds of file; leave empty to add files of every type."
        onChange={(types) => set('file_types', types)} />
      <LabeledToggle
        label={`Delete the copy in ${own.projectKey} when its original is deleted in ${other.projectKey}`}
        isChecked={rules.carry_deletions} isDisabled={readOnly || !rules.enabled}
        onChange={(on) => set('carry_deletions', on)} />
      <Helper>
        Images pasted into a description or comment in {other.projectKey} arrive as a link to the copied file, by its
        name: Jira does not let an app point an image at a file it copied.
      </Helper>
    </Stack>
  );
}

// The plain-language line: what arrives here, and what leaves.
export function summaryOf(rules, sends, theySend, own, other) {
  const leaving = `${own.projectKey}'s attachments are ${sends ? '' : 'not '}sent`;
  if (!rules.enabled || theySend === false) {
    const why = rules.enabled ? `${other.projectKey} does not send them` : 'not added here';
    return `Attachments: files of ${other.projectKey} are not copied (${why}); ${leaving}.`;
  }
  const size = rules.max_size_mb ? `up to ${rules.max_size_mb} MB` : 'of any size';
  const types = rules.file_types.length ? `of types ${rules.file_types.join(', ')}` : 'of every type';
  const deletions = rules.carry_deletions ? 'deleting an original deletes its copy' : 'copies stay when an original is deleted';
  return `Attachments: files of ${other.projectKey} ${size}, ${types}, are copied here; ${deletions}; ${leaving}.`;
}
