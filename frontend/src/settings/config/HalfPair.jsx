import { useId } from 'react';
import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives';
import { describeSide, mySide, otherSide } from '../sides';

// One configuration tab: this side's draft, editable, above the other side's published half, read-only. The same
// editor shows both, so the two halves read alike.
export default function HalfPair({ connection, draft, onDraftChange, readOnly, catalogs, Editor }) {
  const theirs = connection.otherHalf?.published ?? null;
  return (
    <Stack space="space.300">
      <Panel title={`This side: ${describeSide(mySide(connection))}`}>
        <Editor half={draft} onChange={onDraftChange} own={catalogs.mine} other={catalogs.theirs}
          opposite={theirs} readOnly={readOnly} />
      </Panel>
      <Panel title={`Other side: ${describeSide(otherSide(connection))} (read-only)`} readOnly>
        {theirs ? (
          <Editor half={theirs} onChange={() => {}} own={catalogs.theirs} other={catalogs.mine} opposite={draft}
            readOnly />
        ) : (
          <p className="tandem-muted">The other side has not published its configuration yet.</p>
        )}
      </Panel>
    </Stack>
  );
}

function Panel({ title, readOnly, children }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={readOnly ? 'tandem-panel tandem-panel--read-only' : 'tandem-panel'}>
      <Stack space="space.200">
        <Heading size="small" as="h3" id={headingId}>
          {title}
        </Heading>
        {children}
      </Stack>
    </section>
  );
}
