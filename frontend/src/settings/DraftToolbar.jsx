import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import { post, put } from '../common/api';
import { useFeedback } from '../common/flags';
import { formatDate } from '../common/format';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// Save, publish or discard this side's draft. Publishing saves unsaved edits first, so what is published is
// what the admin sees.
export default function DraftToolbar({ connection, draft, onDraftChange, readOnly, onChanged }) {
  const { failed, succeeded } = useFeedback();
  const [busy, setBusy] = useState(null);
  const [problem, setProblem] = useState(null);
  const half = connection.half;
  const unsaved = !same(draft, half.draft);
  const unpublished = unsaved || half.hasUnpublishedChanges;
  // What the server refused is about the draft it was given: once the draft is edited, it no longer applies.
  const edited = JSON.stringify(draft);
  useEffect(() => setProblem(null), [edited]);

  const run = async (what, title, action) => {
    setBusy(what);
    setProblem(null);
    try {
      await action();
      succeeded(title);
      onChanged();
    } catch (error) {
      setProblem(error);
      failed(`Could not ${what} the draft`, error);
    } finally {
      setBusy(null);
    }
  };

  const save = () => put(`/connections/${connection.id}/half`, draft);
  const publish = () =>
    run('publish', 'Draft published', async () => {
      if (unsaved) await save();
      await post(`/connections/${connection.id}/half/publish`);
    });
  const discard = () =>
    run('discard', 'Draft discarded', async () => {
      const restored = await post(`/connections/${connection.id}/half/discard`);
      onDraftChange(restored.draft);
    });

  return (
    <Stack space="space.150">
      <div className="tandem-panel tandem-panel--toolbar">
        <Inline spread="space-between" alignBlock="center">
          <Inline space="space.100" alignBlock="center">
            <strong>This side's configuration</strong>
            {half.published ? (
              <Lozenge appearance="success" maxWidth="100%">
                {`version ${half.version} published ${formatDate(half.publishedAt)}`}
              </Lozenge>
            ) : (
              <Lozenge appearance="new">not published yet</Lozenge>
            )}
            {unsaved && <Lozenge appearance="moved">unsaved changes</Lozenge>}
            {!unsaved && half.published && half.hasUnpublishedChanges && (
              <Lozenge appearance="inprogress">draft not published</Lozenge>
            )}
          </Inline>
          <Inline space="space.100">
            <Button onClick={discard} isLoading={busy === 'discard'} isDisabled={readOnly || !half.published}>
              Discard draft
            </Button>
            <Button onClick={() => run('save', 'Draft saved', save)} isLoading={busy === 'save'}
              isDisabled={readOnly || !unsaved}>
              Save draft
            </Button>
            <Button appearance="primary" onClick={publish} isLoading={busy === 'publish'}
              isDisabled={readOnly || !unpublished}>
              Publish draft
            </Button>
          </Inline>
        </Inline>
      </div>
      {readOnly && (
        <SectionMessage appearance="information" title="Accept the request first">
          <p>This side can be configured once this project has accepted the synchronization.</p>
        </SectionMessage>
      )}
      {problem && <Problems error={problem} />}
    </Stack>
  );
}

// The server's message, and each place in the half it found wrong.
function Problems({ error }) {
  const byPath = Object.entries(error.fieldErrors);
  return (
    <SectionMessage appearance="error" title="The draft was not accepted">
      <p>{error.message}</p>
      {byPath.length > 0 && (
        <ul>
          {byPath.flatMap(([path, messages]) =>
            messages.map((message) => (
              <li key={`${path}:${message}`}>
                <code>{path}</code>: {message}
              </li>
            )),
          )}
        </ul>
      )}
    </SectionMessage>
  );
}
