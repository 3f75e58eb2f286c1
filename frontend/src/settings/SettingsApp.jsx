import { useState } from 'react';
import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives';
import { boot } from '../common/host';
import ConnectionList from './ConnectionList';
import ConnectionPage from './ConnectionPage';

// The list of this project's synchronizations, or one of them opened.
export default function SettingsApp() {
  const [openId, setOpenId] = useState(null);
  return (
    <main className="tandem-page" aria-label="Tandem synchronizations">
      <Stack space="space.200">
        <Heading size="large" as="h1">
          Tandem
        </Heading>
        {openId === null ? (
          <ConnectionList projectKey={boot.project.key} onOpen={setOpenId} />
        ) : (
          <ConnectionPage connectionId={openId} onBack={() => setOpenId(null)} />
        )}
      </Stack>
    </main>
  );
}
