import { useEffect, useState } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { Stack } from '@atlaskit/primitives';
import { get } from '../common/api';
import Loading from '../common/Loading';
import LoadFailed from '../common/LoadFailed';
import { useLoad } from '../common/useLoad';
import AttachmentsTab from './config/AttachmentsTab';
import CommentsTab from './config/CommentsTab';
import DefaultsTab from './config/DefaultsTab';
import FieldsTab from './config/FieldsTab';
import HalfPair from './config/HalfPair';
import IssueTypesTab from './config/IssueTypesTab';
import PeopleTab from './config/PeopleTab';
import ScopeTab from './config/ScopeTab';
import StatusTab from './config/StatusTab';
import { catalogsOf } from './config/catalogs';
import DraftToolbar from './DraftToolbar';
import ErrorsTab from './ErrorsTab';
import HistoryTab from './HistoryTab';

const CONFIGURATION = [
  ['Issue types', IssueTypesTab],
  ['Fields', FieldsTab],
  ['Default values', DefaultsTab],
  ['Comments', CommentsTab],
  ['Status', StatusTab],
  ['People', PeopleTab],
  ['Attachments', AttachmentsTab],
  ['Scope', ScopeTab],
];

// This side's draft is edited here and saved, published or discarded from the toolbar; the other side's
// published half is shown beside it, read-only.
export default function ConnectionTabs({ connection, onChanged }) {
  const sides = useLoad(() => get(`/connections/${connection.id}/sides`), [connection.id]);
  const [draft, setDraft] = useState(connection.half.draft);
  const [selected, setSelected] = useState(0);
  // Reloading the connection (after Start, Retry...) must not throw away unsaved edits: only a draft that changed
  // on the server replaces the one being edited.
  const saved = JSON.stringify(connection.half.draft);
  useEffect(() => setDraft(JSON.parse(saved)), [saved]);

  // Side B of a same-site request configures only once it has accepted (the server refuses before).
  const readOnly = connection.status === 'requested' && connection.mySide === 'b';
  const catalogs = catalogsOf(sides.data, connection);
  const tabs = [...CONFIGURATION.map(([title]) => title), `Errors (${connection.openErrors})`, 'History'];

  return (
    <Stack space="space.200">
      <DraftToolbar connection={connection} draft={draft} onDraftChange={setDraft} readOnly={readOnly}
        onChanged={onChanged} />
      {sides.error && <LoadFailed what="the projects' issue types and fields" error={sides.error} onRetry={sides.reload} />}
      <Tabs id="tandem-connection-tabs" selected={selected} onChange={setSelected}>
        <TabList>
          {tabs.map((title) => (
            <Tab key={title}>{title}</Tab>
          ))}
        </TabList>
        {CONFIGURATION.map(([title, Editor]) => (
          <TabPanel key={title}>
            <div className="tandem-tab-panel">
              {sides.loading && !sides.data ? (
                <Loading label="Loading the projects' issue types and fields" />
              ) : (
                <HalfPair connection={connection} draft={draft} onDraftChange={setDraft} readOnly={readOnly}
                  catalogs={catalogs} Editor={Editor} />
              )}
            </div>
          </TabPanel>
        ))}
        <TabPanel>
          <div className="tandem-tab-panel">
            <ErrorsTab connection={connection} onChanged={onChanged} />
          </div>
        </TabPanel>
        <TabPanel>
          <div className="tandem-tab-panel">
            <HistoryTab connection={connection} />
          </div>
        </TabPanel>
      </Tabs>
    </Stack>
  );
}
